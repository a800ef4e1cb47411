// Every rule the linter knows: hadolint's IDs and meanings (DL…), and the builder's own errors
// (LD…) that would make a build fail or behave other than written.
import { Severity } from '../types';

export interface RuleMeta {
  code: string;
  severity: Severity;
  /** The rule's meaning, used as the message when a check gives no more specific one. */
  description: string;
}

const r = (code: string, severity: Severity, description: string): RuleMeta => ({ code, severity, description });

export const RULES: RuleMeta[] = [
  r('DL1001', 'ignore', 'Please refrain from using inline ignore pragmas `# hadolint ignore=DLxxxx`.'),
  r('DL3000', 'error', 'Use absolute WORKDIR.'),
  r('DL3001', 'info', 'For some bash commands it makes no sense running them in a Docker container like ssh, vim, shutdown, service, ps, free, top, kill, mount, ifconfig.'),
  r('DL3002', 'warning', 'Last USER should not be root.'),
  r('DL3003', 'warning', 'Use WORKDIR to switch to a directory.'),
  r('DL3004', 'error', 'Do not use sudo as it leads to unpredictable behavior. Use a tool like gosu to enforce root.'),
  r('DL3005', 'error', 'Do not use apt-get dist-upgrade.'),
  r('DL3006', 'warning', 'Always tag the version of an image explicitly.'),
  r('DL3007', 'warning', 'Using latest is prone to errors if the image will ever update. Pin the version explicitly to a release tag.'),
  r('DL3008', 'warning', 'Pin versions in apt-get install. Instead of `apt-get install <package>` use `apt-get install <package>=<version>`.'),
  r('DL3009', 'info', 'Delete the apt-get lists after installing something.'),
  r('DL3010', 'info', 'Use ADD for extracting archives into an image.'),
  r('DL3011', 'error', 'Valid UNIX ports range from 0 to 65535.'),
  r('DL3012', 'error', 'Multiple HEALTHCHECK instructions.'),
  r('DL3013', 'warning', 'Pin versions in pip. Instead of `pip install <package>` use `pip install <package>==<version>` or `pip install --requirement <requirements file>`.'),
  r('DL3014', 'warning', 'Use the `-y` switch to avoid manual input `apt-get -y install <package>`.'),
  r('DL3015', 'info', 'Avoid additional packages by specifying `--no-install-recommends`.'),
  r('DL3016', 'warning', 'Pin versions in npm. Instead of `npm install <package>` use `npm install <package>@<version>`.'),
  r('DL3018', 'warning', 'Pin versions in apk add. Instead of `apk add <package>` use `apk add <package>=<version>`.'),
  r('DL3019', 'info', 'Use the `--no-cache` switch to avoid the need to use `--update` and remove `/var/cache/apk/*` when done installing packages.'),
  r('DL3020', 'error', 'Use COPY instead of ADD for files and folders.'),
  r('DL3021', 'error', 'COPY with more than 2 arguments requires the last argument to end with /'),
  r('DL3022', 'warning', 'COPY --from should reference a previously defined FROM alias.'),
  r('DL3023', 'error', 'COPY --from cannot reference its own FROM alias.'),
  r('DL3024', 'error', 'FROM aliases (stage names) must be unique.'),
  r('DL3025', 'warning', 'Use arguments JSON notation for CMD and ENTRYPOINT arguments.'),
  r('DL3026', 'error', 'Use only an allowed registry in the FROM image.'),
  r('DL3027', 'warning', 'Do not use apt as it is meant to be an end-user tool, use apt-get or apt-cache instead.'),
  r('DL3028', 'warning', 'Pin versions in gem install. Instead of `gem install <gem>` use `gem install <gem>:<version>`.'),
  r('DL3029', 'warning', 'Do not use --platform flag with FROM.'),
  r('DL3030', 'warning', 'Use the -y switch to avoid manual input `yum install -y <package>`.'),
  r('DL3032', 'warning', '`yum clean all` missing after yum command.'),
  r('DL3033', 'warning', 'Specify version with `yum install -y <package>-<version>`.'),
  r('DL3034', 'warning', 'Non-interactive switch missing from `zypper` command: `zypper install -y`.'),
  r('DL3035', 'warning', 'Do not use `zypper dist-upgrade`.'),
  r('DL3036', 'warning', '`zypper clean` missing after zypper use.'),
  r('DL3037', 'warning', 'Specify version with `zypper install -y <package>=<version>`.'),
  r('DL3038', 'warning', 'Use the -y switch to avoid manual input `dnf install -y <package>`.'),
  r('DL3040', 'warning', '`dnf clean all` missing after dnf command.'),
  r('DL3041', 'warning', 'Specify version with `dnf install -y <package>-<version>`.'),
  r('DL3042', 'warning', 'Avoid use of cache directory with pip. Use `pip install --no-cache-dir <package>`.'),
  r('DL3043', 'error', '`ONBUILD`, `FROM` or `MAINTAINER` triggered from within `ONBUILD` instruction.'),
  r('DL3044', 'error', 'Do not refer to an environment variable within the same `ENV` statement where it is defined.'),
  r('DL3045', 'warning', '`COPY` to a relative destination without `WORKDIR` set.'),
  r('DL3046', 'warning', '`useradd` without flag `-l` and high UID will result in excessively large Image.'),
  r('DL3047', 'info', '`wget` without flag `--progress` will result in excessively bloated build logs when downloading larger files.'),
  r('DL3048', 'style', 'Invalid label key.'),
  r('DL3049', 'info', 'Label is missing.'),
  r('DL3050', 'info', 'Superfluous label(s) present.'),
  r('DL3051', 'warning', 'Label is empty.'),
  r('DL3052', 'warning', 'Label is not a valid URL.'),
  r('DL3053', 'warning', 'Label is not a valid time format - must conform to RFC3339.'),
  r('DL3054', 'warning', 'Label is not a valid SPDX license identifier.'),
  r('DL3055', 'warning', 'Label is not a valid git hash.'),
  r('DL3056', 'warning', 'Label does not conform to semantic versioning.'),
  r('DL3057', 'ignore', '`HEALTHCHECK` instruction missing.'),
  r('DL3058', 'warning', 'Label is not a valid email format - must conform to RFC5322.'),
  r('DL3059', 'info', 'Multiple consecutive `RUN` instructions. Consider consolidation.'),
  r('DL3060', 'info', '`yarn cache clean` missing after `yarn install` was run.'),
  r('DL3061', 'error', 'Invalid instruction order. Dockerfile must begin with `FROM`, `ARG` or comment.'),
  r('DL3062', 'warning', 'Pin versions in go. Instead of `go install <package>` use `go install <package>@<version>`.'),
  r('DL4000', 'error', 'MAINTAINER is deprecated.'),
  r('DL4001', 'warning', 'Either use Wget or Curl but not both.'),
  r('DL4003', 'warning', 'Multiple `CMD` instructions found. If you list more than one `CMD` then only the last `CMD` will take effect.'),
  r('DL4004', 'error', 'Multiple `ENTRYPOINT` instructions found. If you list more than one `ENTRYPOINT` then only the last `ENTRYPOINT` will take effect.'),
  r('DL4005', 'warning', 'Use SHELL to change the default shell.'),
  r('DL4006', 'warning', 'Set the SHELL option -o pipefail before RUN with a pipe in it. If you are using /bin/sh in an alpine image or if your shell is symlinked to busybox then consider explicitly setting your SHELL to /bin/ash, or disable this check.'),
  // The builder's own errors.
  r('LD1001', 'error', 'Unknown instruction.'),
  r('LD1002', 'error', 'Instruction requires arguments.'),
  r('LD1003', 'error', 'Wrong number of arguments.'),
  r('LD1004', 'warning', 'Arguments look like JSON but are not a valid JSON array of strings; they will run in shell form.'),
  r('LD1005', 'error', 'Invalid port or protocol in EXPOSE.'),
  r('LD1006', 'error', 'Invalid signal.'),
  r('LD1007', 'error', 'Invalid stage name.'),
  r('LD1008', 'error', '`--from` refers to a stage that is not defined before this instruction.'),
  r('LD1009', 'error', 'Invalid escape directive: the escape character must be `\\` or `` ` ``.'),
  r('LD1010', 'error', 'Unknown flag for this instruction.'),
  r('LD1011', 'error', 'Invalid key=value pair.'),
  r('LD1012', 'error', 'Invalid HEALTHCHECK.'),
  r('LD1013', 'error', 'Unterminated heredoc.'),
  r('LD1014', 'warning', 'No FROM instruction: the Dockerfile builds nothing.'),
  r('LD1015', 'warning', 'Invalid `# check=` directive.'),
  r('LD1016', 'warning', 'Empty continuation line.'),
];

export const RULE_BY_CODE = new Map(RULES.map((x) => [x.code, x]));

/** Where a rule is documented. */
export function ruleLink(code: string): string | undefined {
  if (code.startsWith('DL')) return `https://github.com/hadolint/hadolint/wiki/${code}`;
  if (code.startsWith('SC')) return `https://www.shellcheck.net/wiki/${code}`;
  if (code.startsWith('LD')) return 'https://docs.docker.com/reference/dockerfile/';
  return undefined;
}
