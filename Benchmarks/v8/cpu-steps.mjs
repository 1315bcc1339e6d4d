// The load benchmark's cpu worker, step by step, in V8 (Node.js), as a reference for what the same
// JavaScript costs under a JIT: workerd runs V8 too, but freezes the clock while a handler runs,
// so it cannot time the steps itself. Run: node Benchmarks/v8/cpu-steps.mjs
// Prints the median time per call of each cut of the handler over 9 batches of 200 calls.

function build() {
  const items = [];
  for (let i = 0; i < 1000; i++) {
    items.push({ id: i, name: "item" + i, score: (i * 7919) % 1000 });
  }
  return items;
}

const cuts = {
  "build 1,000 objects": () => build().length,
  "build + sort": () => build().sort((a, b) => a.score - b.score || a.id - b.id)[0].id,
  "build + sort + stringify": () => JSON.stringify(build().sort((a, b) => a.score - b.score || a.id - b.id)).length,
};

let sink = 0;
for (const [name, run] of Object.entries(cuts)) {
  for (let i = 0; i < 2000; i++) sink += run(); // warm-up: let the JIT optimize
  const perCall = [];
  for (let batch = 0; batch < 9; batch++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < 200; i++) sink += run();
    perCall.push(Number(process.hrtime.bigint() - start) / 200 / 1000);
  }
  perCall.sort((a, b) => a - b);
  console.log(`${name}: ${perCall[4].toFixed(1)} us per call (median of 9 batches)`);
}
if (sink === 0) console.log("unreachable");
