// Load benchmark: JavaScript-bound work per request (build, sort and serialize 1,000 objects).
export default {
  async fetch(request, env, ctx) {
    const items = [];
    for (let i = 0; i < 1000; i++) {
      items.push({ id: i, name: "item" + i, score: (i * 7919) % 1000 });
    }
    items.sort((a, b) => a.score - b.score || a.id - b.id);
    return new Response(JSON.stringify(items), {
      headers: { "content-type": "application/json" },
    });
  },
};
