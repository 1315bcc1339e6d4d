namespace Workers.Benchmarks;

/// <summary>A ~50-line module worker with a few regex routes and <c>Response.json</c>, for start-up benchmarks.</summary>
public static class RouterWorker
{
    public const string Source = """
        const users = new Map([
          [1, { id: 1, name: 'Ada', role: 'admin' }],
          [2, { id: 2, name: 'Grace', role: 'user' }],
          [3, { id: 3, name: 'Linus', role: 'user' }],
        ]);

        function pathOf(url) {
          const path = url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '').replace(/[?#].*$/, '');
          return path === '' ? '/' : path;
        }

        function queryOf(url) {
          const query = {};
          const match = /\?([^#]*)/.exec(url);
          if (match) {
            for (const pair of match[1].split('&')) {
              const [key, value = ''] = pair.split('=');
              if (key) query[decodeURIComponent(key)] = decodeURIComponent(value);
            }
          }
          return query;
        }

        const notFound = () => Response.json({ error: 'not found' }, { status: 404 });

        const routes = [
          { method: 'GET', pattern: /^\/$/, handle: () => new Response('router ok') },
          { method: 'GET', pattern: /^\/health$/, handle: () => Response.json({ ok: true, users: users.size }) },
          { method: 'GET', pattern: /^\/users$/, handle: (request) => {
            const { role } = queryOf(request.url);
            const list = [...users.values()].filter((u) => !role || u.role === role);
            return Response.json(list);
          } },
          { method: 'GET', pattern: /^\/users\/(\d+)$/, handle: (_request, id) => {
            const user = users.get(Number(id));
            return user ? Response.json(user) : notFound();
          } },
          { method: 'POST', pattern: /^\/echo$/, handle: async (request) => {
            const text = await request.text();
            return Response.json({ length: text.length, type: request.headers.get('content-type') });
          } },
        ];

        export default {
          fetch(request) {
            const path = pathOf(request.url);
            for (const route of routes) {
              const match = route.pattern.exec(path);
              if (match && route.method === request.method) return route.handle(request, match[1]);
            }
            return notFound();
          },
        };
        """;
}
