// Service-worker syntax: a global fetch listener answers through event.respondWith.
addEventListener("fetch", (event) => {
  event.respondWith(handle(event.request));
});

async function handle(request) {
  const { pathname } = new URL(request.url);
  if (request.method === "POST") {
    const text = await request.text();
    return new Response(`You sent ${text.length} characters: ${text}`, {
      headers: { "content-type": "text/plain; charset=utf-8" },
    });
  }
  return new Response(`Hello from a service worker at ${pathname}`, {
    headers: { "content-type": "text/plain; charset=utf-8", "x-served-by": "service-worker" },
  });
}
