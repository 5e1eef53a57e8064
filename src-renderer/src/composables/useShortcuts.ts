import { onBeforeUnmount, onMounted } from 'vue';
import { useRouter } from 'vue-router';
import { pages } from '../router/routes';

/** Alt+1..5 jumps to a page. Uses event.code so it works on any keyboard layout (Alt+digit may give other keys). */
export function useNavigationShortcuts(): void {
  const router = useRouter();
  const onKey = (event: KeyboardEvent) => {
    if (!event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    const digit = /^Digit(\d)$/.exec(event.code)?.[1];
    const page = pages.find((p) => p.key === digit);
    if (!page) return;
    event.preventDefault();
    void router.push(page.path);
  };
  onMounted(() => window.addEventListener('keydown', onKey));
  onBeforeUnmount(() => window.removeEventListener('keydown', onKey));
}

export function shortcutLabel(key: string): string {
  return `Alt+${key}`;
}
