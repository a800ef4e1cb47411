// Concise reference text for every instruction and flag, shown by hover and completion.
export interface InstructionDoc {
  syntax: string[];
  summary: string;
  /** Snippet inserted by completion (VS Code snippet syntax). */
  snippet: string;
}

export const INSTRUCTION_DOCS: Record<string, InstructionDoc> = {
  ADD: { syntax: ['ADD [--chown=<user>:<group>] [--chmod=<perms>] [--checksum=<sha256>] <src>... <dest>'], summary: 'Copies files, remote URLs or git repositories into the image; local tar archives are extracted. Prefer COPY for plain files.', snippet: 'ADD ${1:src} ${2:dest}' },
  ARG: { syntax: ['ARG <name>[=<default value>]'], summary: 'Declares a build argument that users can set with `--build-arg`. Before the first FROM it is usable in FROM lines only; declare it again inside a stage to use it there.', snippet: 'ARG ${1:name}${2:=${3:default}}' },
  CMD: { syntax: ['CMD ["executable","param1","param2"]', 'CMD ["param1","param2"]', 'CMD command param1 param2'], summary: 'Default command (or default ENTRYPOINT arguments) of the container. Only the last CMD of a stage takes effect.', snippet: 'CMD ["${1:executable}"${2:, "${3:param}"}]' },
  COPY: { syntax: ['COPY [--from=<stage|image>] [--chown=<user>:<group>] [--chmod=<perms>] [--link] <src>... <dest>', 'COPY <<EOF <dest>'], summary: 'Copies files from the build context, an earlier stage or an image into the image.', snippet: 'COPY ${1:src} ${2:dest}' },
  ENTRYPOINT: { syntax: ['ENTRYPOINT ["executable", "param1", "param2"]', 'ENTRYPOINT command param1 param2'], summary: 'The executable the container runs; CMD supplies its default arguments. Use the JSON form so signals reach the process.', snippet: 'ENTRYPOINT ["${1:executable}"${2:, "${3:param}"}]' },
  ENV: { syntax: ['ENV <key>=<value> ...'], summary: 'Sets environment variables for later instructions and for the running container.', snippet: 'ENV ${1:key}=${2:value}' },
  EXPOSE: { syntax: ['EXPOSE <port>[/<protocol>] ...'], summary: 'Documents the ports the container listens on (tcp by default, or udp/sctp). It does not publish them.', snippet: 'EXPOSE ${1:port}' },
  FROM: { syntax: ['FROM [--platform=<platform>] <image>[:<tag>|@<digest>] [AS <name>]'], summary: 'Starts a new build stage from a base image (or `scratch`). `AS name` lets later stages refer to it.', snippet: 'FROM ${1:image}:${2:tag}' },
  HEALTHCHECK: { syntax: ['HEALTHCHECK [--interval=30s] [--timeout=30s] [--start-period=0s] [--start-interval=5s] [--retries=3] CMD <command>', 'HEALTHCHECK NONE'], summary: 'How the runtime checks that the container still works; `NONE` disables a check inherited from the base image.', snippet: 'HEALTHCHECK --interval=${1:30s} --timeout=${2:5s} CMD ${3:command}' },
  LABEL: { syntax: ['LABEL <key>=<value> ...'], summary: 'Adds metadata to the image, e.g. `org.opencontainers.image.source`.', snippet: 'LABEL ${1:key}="${2:value}"' },
  MAINTAINER: { syntax: ['MAINTAINER <name>'], summary: 'Deprecated: sets the author field. Use `LABEL org.opencontainers.image.authors=…` instead.', snippet: 'MAINTAINER ${1:name}' },
  ONBUILD: { syntax: ['ONBUILD <INSTRUCTION>'], summary: 'Registers an instruction that runs when another build uses this image as its base.', snippet: 'ONBUILD ${1:INSTRUCTION}' },
  RUN: { syntax: ['RUN [--mount=<mount>] [--network=<type>] [--security=<mode>] <command>', 'RUN ["executable", "param1", "param2"]', 'RUN <<EOF … EOF'], summary: 'Runs a command in a new layer on top of the current image (shell form runs `/bin/sh -c` or the SHELL set).', snippet: 'RUN ${1:command}' },
  SHELL: { syntax: ['SHELL ["executable", "parameters"]'], summary: 'Changes the shell used by the shell form of RUN, CMD and ENTRYPOINT (e.g. bash with `-o pipefail`).', snippet: 'SHELL ["${1:/bin/bash}", "${2:-o}", "${3:pipefail}", "${4:-c}"]' },
  STOPSIGNAL: { syntax: ['STOPSIGNAL <signal>'], summary: 'The signal sent to stop the container (name like SIGTERM or a number).', snippet: 'STOPSIGNAL ${1:SIGTERM}' },
  USER: { syntax: ['USER <user>[:<group>]', 'USER <UID>[:<GID>]'], summary: 'The user (and group) for later RUN, CMD and ENTRYPOINT instructions and for the container.', snippet: 'USER ${1:user}' },
  VOLUME: { syntax: ['VOLUME ["/data"]', 'VOLUME /data /logs'], summary: 'Marks paths as holding externally mounted volumes; later changes to them in the build are discarded.', snippet: 'VOLUME ["${1:/data}"]' },
  WORKDIR: { syntax: ['WORKDIR /path/to/workdir'], summary: 'Sets the working directory for later instructions and the container; created if missing. Use absolute paths.', snippet: 'WORKDIR ${1:/path}' },
};

export const FLAG_DOCS: Record<string, Record<string, string>> = {
  FROM: { platform: 'Platform of the base image, e.g. `linux/arm64` or `$BUILDPLATFORM` for cross-compiling stages.' },
  COPY: {
    from: 'Copy from an earlier stage (name or index) or from an image instead of the build context.',
    chown: 'Owner of the copied files: `user:group` (names or IDs).',
    chmod: 'Permissions of the copied files, octal (`0755`) or symbolic.',
    link: 'Copy into an independent layer so it stays valid when earlier layers change.',
    parents: 'Keep the parent directories of the sources under the destination.',
    exclude: 'Skip paths that match this pattern.',
  },
  ADD: {
    chown: 'Owner of the added files: `user:group`.',
    chmod: 'Permissions of the added files.',
    link: 'Add into an independent layer.',
    checksum: 'Verify a remote file against this digest (`sha256:…`).',
    'keep-git-dir': 'Keep the `.git` directory when adding a git repository.',
    exclude: 'Skip paths that match this pattern.',
    unpack: 'Whether to extract archives (`true`/`false`).',
  },
  RUN: {
    mount: 'Mount during this RUN only: `type=cache|bind|secret|ssh|tmpfs`, with `target=`, `from=`, `id=`…',
    network: 'Network for the command: `default`, `none` or `host`.',
    security: 'Run `insecure` (privileged) or `sandbox` (default).',
  },
  HEALTHCHECK: {
    interval: 'Time between checks (default 30s).',
    timeout: 'Time a check may take before it counts as failed (default 30s).',
    'start-period': 'Start-up grace time during which failures do not count (default 0s).',
    'start-interval': 'Time between checks during the start period (default 5s).',
    retries: 'Consecutive failures before the container is unhealthy (default 3).',
  },
};

/** Variables the builder defines without an ARG in the global scope. */
export const PREDEFINED_ARGS = [
  'TARGETPLATFORM', 'TARGETOS', 'TARGETARCH', 'TARGETVARIANT', 'BUILDPLATFORM', 'BUILDOS', 'BUILDARCH', 'BUILDVARIANT',
  'HTTP_PROXY', 'HTTPS_PROXY', 'FTP_PROXY', 'NO_PROXY', 'ALL_PROXY',
];

export function instructionHover(keyword: string): string | undefined {
  const d = INSTRUCTION_DOCS[keyword];
  if (!d) return undefined;
  return `**${keyword}**\n\n${d.summary}\n\n\`\`\`dockerfile\n${d.syntax.join('\n')}\n\`\`\``;
}
