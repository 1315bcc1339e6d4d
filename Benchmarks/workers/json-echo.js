// Load benchmark: reads the request's method, url and headers and answers them as JSON.
export default {
  async fetch(request, env, ctx) {
    return Response.json({
      method: request.method,
      url: request.url,
      headers: Object.fromEntries(request.headers),
    });
  },
};
