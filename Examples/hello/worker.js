// The smallest worker: ES module syntax, one fetch handler.
export default {
  async fetch(request, env, ctx) {
    return new Response("Hello worker!", {
      headers: { "content-type": "text/plain; charset=utf-8" },
    });
  },
};
