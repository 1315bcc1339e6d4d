// A JSON API. Its variables come from workers.toml: GREETING is a string, LIMITS an object.
export default {
  fetch(request, env) {
    const path = new URL(request.url).pathname;
    if (path.endsWith('/hello')) {
      return Response.json({ greeting: env.GREETING, limit: env.LIMITS.requests_per_minute });
    }
    return Response.json({ error: `no such endpoint: ${path}` }, { status: 404 });
  },
};
