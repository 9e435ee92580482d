// Who scores or comments, remembered in this browser so a reviewer types it once.

const AUTHOR_KEY = 'watchllm.author';

export function storedAuthor(): string {
  try {
    return localStorage.getItem(AUTHOR_KEY) ?? '';
  } catch {
    return ''; // storage refused (private mode, policy): the field starts empty
  }
}

export function rememberAuthor(author: string): void {
  try {
    if (author) localStorage.setItem(AUTHOR_KEY, author);
    else localStorage.removeItem(AUTHOR_KEY);
  } catch {
    // not remembered; what was written is still saved
  }
}
