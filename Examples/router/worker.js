// A small JSON API: an in-memory list of todos, routed by method and path.
// State lives in the isolate's globals, so it survives between requests of one isolate
// but, as in production Workers, is not guaranteed to last.
const todos = new Map([[1, { id: 1, title: "Try workers", done: false }]]);
let nextId = 2;

const json = (data, status = 200) => Response.json(data, { status });

const routes = [
  ["GET", /^\/todos$/, (_req, _id, query) => {
    // ?done=true or ?done=false filters; no "done" parameter lists every todo.
    const done = query.get("done");
    const all = [...todos.values()];
    return json(done === null ? all : all.filter((todo) => String(todo.done) === done));
  }],
  ["GET", /^\/todos\/(\d+)$/, (_req, id) => (todos.has(id) ? json(todos.get(id)) : notFound())],
  ["POST", /^\/todos$/, async (req) => {
    let body;
    try {
      body = await req.json();
    } catch {
      return json({ error: "body must be JSON" }, 400);
    }
    if (typeof body.title !== "string" || body.title.length === 0) {
      return json({ error: "title is required" }, 400);
    }
    const todo = { id: nextId++, title: body.title, done: false };
    todos.set(todo.id, todo);
    return json(todo, 201);
  }],
  ["DELETE", /^\/todos\/(\d+)$/, (_req, id) => (todos.delete(id) ? new Response(null, { status: 204 }) : notFound())],
];

function notFound() {
  return json({ error: "not found" }, 404);
}

export default {
  async fetch(request) {
    const { pathname, searchParams } = new URL(request.url);
    for (const [method, pattern, handler] of routes) {
      const match = pattern.exec(pathname);
      if (match && request.method === method) {
        return handler(request, match[1] === undefined ? undefined : Number(match[1]), searchParams);
      }
    }
    return notFound();
  },
};
