// Load benchmark: buffers the request body and answers its length in bytes.
export default {
  async fetch(request, env, ctx) {
    const body = await request.arrayBuffer();
    return new Response(String(body.byteLength), {
      headers: { "content-type": "text/plain; charset=utf-8" },
    });
  },
};
