// The default worker: a small HTML page for every request no route sends elsewhere.
export default {
  fetch(request) {
    const { pathname, search } = new URL(request.url);
    const path = pathname + search;
    return new Response(`<!doctype html><title>site</title><h1>site</h1><p>You asked for ${path.replace(/[<>&]/g, '')}</p>`, {
      headers: { 'content-type': 'text/html;charset=UTF-8' },
    });
  },
};
