import { onActivated, onMounted } from 'vue';

/** Runs `task` once the next frame has been painted, so it never delays a page appearing. */
function afterPaint(task: () => unknown): void {
  requestAnimationFrame(() => setTimeout(() => void task(), 0));
}

/**
 * Runs `refresh` each time the component's page is shown again after its first visit (pages are kept alive between
 * visits, App.vue), once the page has been painted. Never runs outside a KeepAlive (component tests).
 */
export function onRevisit(refresh: () => unknown): void {
  // Inside a KeepAlive an activation comes right after the mount (same flush): that one is the first visit.
  let mounting = false;
  onMounted(() => {
    mounting = true;
    void Promise.resolve().then(() => { mounting = false; });
  });
  onActivated(() => {
    if (!mounting) afterPaint(refresh);
  });
}

/**
 * Runs `refresh` when the component is mounted and again every time its page is shown anew. Pages are kept alive
 * between visits (App.vue), so they mount once and are re-activated afterwards; outside a KeepAlive (component tests)
 * only the mount runs it. The refresh reads in the background: the page shows what it already has at once, and a
 * revisit starts reading only after the page has been painted.
 */
export function onEveryVisit(refresh: () => unknown): void {
  onMounted(() => void refresh());
  onRevisit(refresh);
}
