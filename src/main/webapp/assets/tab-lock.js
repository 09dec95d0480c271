// Cross-tab helpers for the session client: localStorage that tolerates being refused,
// and a lock that lets only one tab of the browser refresh at a time.

const LOCK_NAME = 'rotor-refresh';
const KEY_LOCK = 'rotor.refreshLock';
const LOCK_WAIT_MS = 20000;

export const tabId = Math.random().toString(36).slice(2) + Date.now().toString(36);

// --- storage that survives a browser refusing localStorage ---------------------------
const memory = new Map();
export const store = {
  get(key) {
    try { return localStorage.getItem(key); } catch { return memory.has(key) ? memory.get(key) : null; }
  },
  set(key, value) {
    try { localStorage.setItem(key, value); } catch { memory.set(key, value); }
  },
  remove(key) {
    try { localStorage.removeItem(key); } catch { memory.delete(key); }
  },
};

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export function withLock(task) {
  if (navigator.locks && typeof navigator.locks.request === 'function') {
    return navigator.locks.request(LOCK_NAME, () => task());
  }
  return withStorageLock(task);
}

async function withStorageLock(task) {
  const parse = () => { try { return JSON.parse(store.get(KEY_LOCK) || 'null'); } catch { return null; } };
  const deadline = Date.now() + LOCK_WAIT_MS;
  while (Date.now() < deadline) {
    const held = parse();
    if (!held || held.until < Date.now()) {
      store.set(KEY_LOCK, JSON.stringify({ owner: tabId, until: Date.now() + LOCK_WAIT_MS }));
      await sleep(50); // let a racing tab's write land, then see who won
      const now = parse();
      if (now && now.owner === tabId) break;
    }
    await sleep(100 + Math.random() * 150);
  }
  try {
    return await task();
  } finally {
    const held = parse();
    if (held && held.owner === tabId) store.remove(KEY_LOCK);
  }
}

