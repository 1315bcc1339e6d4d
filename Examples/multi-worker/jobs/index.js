// A worker with a cron trigger. Global state lives as long as the isolate: good enough to show
// that the scheduled handler ran, not a place to keep data (isolates are evicted and replaced).
let runs = 0;
let last = null;

export default {
  async scheduled(controller, env, ctx) {
    runs++;
    last = { cron: controller.cron, scheduledTime: new Date(controller.scheduledTime).toISOString() };
  },
  fetch() {
    return Response.json({ runs, last });
  },
};
