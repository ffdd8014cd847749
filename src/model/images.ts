/** A container image reference split the way container runtimes resolve it. */
export interface ImageRef {
  /** Registry host, `docker.io` when the reference names none. */
  registry: string;
  /** Repository path without registry, e.g. `library/nginx`. */
  repository: string;
  /** Tag, or undefined when none is given (the runtime then pulls `latest`). */
  tag: string | undefined;
  /** `sha256:...` digest, when pinned. */
  digest: string | undefined;
}

const DEFAULT_REGISTRY = 'docker.io';

/**
 * Parses an image reference. The first path component is a registry when it contains `.` or `:`
 * or is `localhost` (the Docker reference grammar); otherwise the image is on Docker Hub, where
 * single-name images live under `library/`.
 */
export function parseImageRef(image: string): ImageRef | undefined {
  const trimmed = image.trim();
  if (trimmed === '' || /\s/.test(trimmed)) return undefined;
  let rest = trimmed;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!/^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[0-9a-fA-F]{32,}$/.test(digest)) return undefined;
  }
  let registry = DEFAULT_REGISTRY;
  const slash = rest.indexOf('/');
  if (slash >= 0) {
    const first = rest.slice(0, slash);
    if (first.includes('.') || first.includes(':') || first === 'localhost') {
      registry = first;
      rest = rest.slice(slash + 1);
    }
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon >= 0) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!/^[\w][\w.-]{0,127}$/.test(tag)) return undefined;
  }
  if (rest === '' || !/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/.test(rest)) return undefined;
  if (registry === 'index.docker.io' || registry === 'registry-1.docker.io') registry = DEFAULT_REGISTRY;
  const repository = registry === DEFAULT_REGISTRY && !rest.includes('/') ? `library/${rest}` : rest;
  return { registry, repository, tag, digest };
}
