// Load benchmark: the smallest worker, one fixed text response.
export default {
  async fetch(request, env, ctx) {
    return new Response("Hello worker!", {
      headers: { "content-type": "text/plain; charset=utf-8" },
    });
  },
};
