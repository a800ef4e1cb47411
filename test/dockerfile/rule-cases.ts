// One case that must be caught and one that must pass for every rule, from the rule's meaning.
import { LintConfig, emptyConfig } from '../../src/dockerfile/lint/config';

export interface RuleCase {
  code: string;
  bad: string;
  good: string;
  /** Expected 1-based line and column of the finding in `bad`. */
  at?: [number, number];
  config?: Partial<LintConfig>;
}

const F = 'FROM debian:12\n';
const schema = (labelSchema: Record<string, string>, extra: Partial<LintConfig> = {}): Partial<LintConfig> => ({ labelSchema, ...extra });

export const CASES: RuleCase[] = [
  { code: 'DL1001', bad: `${F}# hadolint ignore=DL3003\nRUN cd /tmp\n`, good: `${F}RUN echo hi\n`, at: [2, 1] },
  { code: 'DL3000', bad: `${F}WORKDIR app\n`, good: `${F}WORKDIR /app\n`, at: [2, 9] },
  { code: 'DL3001', bad: `${F}RUN service nginx start\n`, good: `${F}RUN nginx -t\n`, at: [2, 5] },
  { code: 'DL3002', bad: `${F}USER app\nUSER root\n`, good: `${F}USER root\nRUN id\nUSER app\n`, at: [3, 6] },
  { code: 'DL3003', bad: `${F}RUN cd /usr/src && make\n`, good: `${F}WORKDIR /usr/src\nRUN make\n`, at: [2, 5] },
  { code: 'DL3004', bad: `${F}RUN sudo make install\n`, good: `${F}RUN make install\n`, at: [2, 5] },
  { code: 'DL3005', bad: `${F}RUN apt-get dist-upgrade -y\n`, good: `${F}RUN apt-get update\n` },
  { code: 'DL3006', bad: 'FROM debian\n', good: 'FROM debian:12\nFROM scratch\n', at: [1, 6] },
  { code: 'DL3007', bad: 'FROM debian:latest\n', good: 'FROM debian:12@sha256:' + 'a'.repeat(64) + '\n', at: [1, 13] },
  { code: 'DL3008', bad: `${F}RUN apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n`, good: `${F}RUN apt-get install -y --no-install-recommends curl=7.88.1-10 && rm -rf /var/lib/apt/lists/*\n`, at: [2, 48] },
  { code: 'DL3009', bad: `${F}RUN apt-get update && apt-get install -y --no-install-recommends curl=7\n`, good: `${F}RUN apt-get update && apt-get install -y --no-install-recommends curl=7 && rm -rf /var/lib/apt/lists/*\n` },
  { code: 'DL3010', bad: `${F}COPY app.tar.gz /tmp/\nRUN tar -xzf /tmp/app.tar.gz -C /opt\n`, good: `${F}ADD app.tar.gz /opt/\n` },
  { code: 'DL3011', bad: `${F}EXPOSE 80 70000\n`, good: `${F}EXPOSE 80 443/tcp 8000-8010\n` },
  { code: 'DL3012', bad: `${F}HEALTHCHECK CMD true\nHEALTHCHECK CMD false\n`, good: `${F}HEALTHCHECK CMD true\n` },
  { code: 'DL3013', bad: `${F}RUN pip install --no-cache-dir flask\n`, good: `${F}RUN pip install --no-cache-dir flask==3.0.0 && pip install --no-cache-dir -r requirements.txt\n`, at: [2, 32] },
  { code: 'DL3014', bad: `${F}RUN apt-get install --no-install-recommends curl=7\n`, good: `${F}RUN apt-get install -y --no-install-recommends curl=7\n` },
  { code: 'DL3015', bad: `${F}RUN apt-get install -y curl=7\n`, good: `${F}RUN apt-get install -y --no-install-recommends curl=7\n` },
  { code: 'DL3016', bad: `${F}RUN npm install -g express\n`, good: `${F}RUN npm install -g express@4.18.2 @scope/pkg@1.0.0 && npm install\n`, at: [2, 20] },
  { code: 'DL3018', bad: 'FROM alpine:3.19\nRUN apk add --no-cache curl\n', good: 'FROM alpine:3.19\nRUN apk add --no-cache curl=8.5.0-r0\n', at: [2, 24] },
  { code: 'DL3019', bad: 'FROM alpine:3.19\nRUN apk add curl=8.5.0-r0\n', good: 'FROM alpine:3.19\nRUN apk add --no-cache curl=8.5.0-r0\n' },
  { code: 'DL3020', bad: `${F}ADD app.py /app/\n`, good: `${F}ADD https://example.invalid/x.tgz /tmp/\nADD rootfs.tar.xz /\nCOPY app.py /app/\n` },
  { code: 'DL3021', bad: `${F}COPY a b /dest\n`, good: `${F}COPY a b /dest/\n` },
  { code: 'DL3022', bad: `${F}COPY --from=builder /a /b\n`, good: `FROM debian:12 AS builder\nFROM debian:12\nCOPY --from=builder /a /b\nCOPY --from=nginx:1.25 /etc/nginx /etc/nginx\n` },
  { code: 'DL3023', bad: 'FROM debian:12 AS app\nCOPY --from=app /a /b\n', good: 'FROM debian:12 AS build\nFROM debian:12 AS app\nCOPY --from=build /a /b\n' },
  { code: 'DL3024', bad: 'FROM debian:12 AS x\nFROM debian:12 AS x\n', good: 'FROM debian:12 AS x\nFROM debian:12 AS y\n', at: [2, 19] },
  { code: 'DL3025', bad: `${F}CMD node server.js\n`, good: `${F}CMD ["node", "server.js"]\n` },
  { code: 'DL3026', bad: 'FROM evil.example:5000/app:1\n', good: 'FROM registry.example/app:1\n', config: { trustedRegistries: ['registry.example'] } },
  { code: 'DL3027', bad: `${F}RUN apt install -y curl\n`, good: `${F}RUN apt-cache policy curl\n` },
  { code: 'DL3028', bad: 'FROM ruby:3\nRUN gem install rake\n', good: 'FROM ruby:3\nRUN gem install rake:13.0.6 && gem install bundler -v 2.5.0\n' },
  { code: 'DL3029', bad: 'FROM --platform=linux/amd64 debian:12\n', good: 'FROM --platform=$BUILDPLATFORM debian:12\n' },
  { code: 'DL3030', bad: 'FROM centos:7\nRUN yum install httpd-2.4 && yum clean all\n', good: 'FROM centos:7\nRUN yum install -y httpd-2.4 && yum clean all\n' },
  { code: 'DL3032', bad: 'FROM centos:7\nRUN yum install -y httpd-2.4\n', good: 'FROM centos:7\nRUN yum install -y httpd-2.4 && yum clean all\n' },
  { code: 'DL3033', bad: 'FROM centos:7\nRUN yum install -y httpd && yum clean all\n', good: 'FROM centos:7\nRUN yum install -y httpd-2.4.6 && yum clean all\n' },
  { code: 'DL3034', bad: 'FROM opensuse/leap:15\nRUN zypper install httpd=2.4 && zypper clean\n', good: 'FROM opensuse/leap:15\nRUN zypper install -y httpd=2.4 && zypper clean\n' },
  { code: 'DL3035', bad: 'FROM opensuse/leap:15\nRUN zypper dist-upgrade\n', good: 'FROM opensuse/leap:15\nRUN zypper refresh\n' },
  { code: 'DL3036', bad: 'FROM opensuse/leap:15\nRUN zypper install -y httpd=2.4\n', good: 'FROM opensuse/leap:15\nRUN zypper install -y httpd=2.4 && zypper clean\n' },
  { code: 'DL3037', bad: 'FROM opensuse/leap:15\nRUN zypper install -y httpd && zypper clean\n', good: 'FROM opensuse/leap:15\nRUN zypper install -y httpd=2.4 && zypper clean\n' },
  { code: 'DL3038', bad: 'FROM fedora:39\nRUN dnf install httpd-2.4 && dnf clean all\n', good: 'FROM fedora:39\nRUN dnf install -y httpd-2.4 && dnf clean all\n' },
  { code: 'DL3040', bad: 'FROM fedora:39\nRUN dnf install -y httpd-2.4\n', good: 'FROM fedora:39\nRUN dnf install -y httpd-2.4 && dnf clean all\n' },
  { code: 'DL3041', bad: 'FROM fedora:39\nRUN dnf install -y httpd && dnf clean all\n', good: 'FROM fedora:39\nRUN dnf install -y httpd-2.4 && dnf clean all\n' },
  { code: 'DL3042', bad: `${F}RUN pip install flask==3.0\n`, good: `${F}RUN pip install --no-cache-dir flask==3.0\nENV PIP_NO_CACHE_DIR=1\nRUN pip install -r requirements.txt\n` },
  { code: 'DL3043', bad: `${F}ONBUILD FROM debian:12\n`, good: `${F}ONBUILD RUN echo hi\n` },
  { code: 'DL3044', bad: `${F}ENV A=/opt B=$A/bin\n`, good: `${F}ENV A=/opt\nENV B=$A/bin\n` },
  { code: 'DL3045', bad: `${F}COPY app.py app/\n`, good: `${F}WORKDIR /srv\nCOPY app.py app/\n` },
  { code: 'DL3046', bad: `${F}RUN useradd -u 123456 app\n`, good: `${F}RUN useradd -l -u 123456 app\n` },
  { code: 'DL3047', bad: `${F}RUN wget https://example.invalid/f\n`, good: `${F}RUN wget --progress=dot:giga https://example.invalid/f && wget -qO- https://example.invalid/g\n` },
  { code: 'DL3048', bad: `${F}LABEL Com.Example_bad=1\n`, good: `${F}LABEL com.example.good=1\n` },
  { code: 'DL3049', bad: `${F}LABEL other=1\n`, good: `${F}LABEL maintainer=me\n`, config: schema({ maintainer: 'text' }) },
  { code: 'DL3050', bad: `${F}LABEL maintainer=me extra=1\n`, good: `${F}LABEL maintainer=me\n`, config: schema({ maintainer: 'text' }, { strictLabels: true }) },
  { code: 'DL3051', bad: `${F}LABEL maintainer=""\n`, good: `${F}LABEL maintainer=me\n`, config: schema({ maintainer: 'text' }) },
  { code: 'DL3052', bad: `${F}LABEL home=not-a-url\n`, good: `${F}LABEL home=https://example.invalid/x\n`, config: schema({ home: 'url' }) },
  { code: 'DL3053', bad: `${F}LABEL built=yesterday\n`, good: `${F}LABEL built=2024-01-02T03:04:05Z\n`, config: schema({ built: 'rfc3339' }) },
  { code: 'DL3054', bad: `${F}LABEL license=MyLicense\n`, good: `${F}LABEL license="MIT OR Apache-2.0"\n`, config: schema({ license: 'spdx' }) },
  { code: 'DL3055', bad: `${F}LABEL rev=xyz\n`, good: `${F}LABEL rev=0123456789abcdef0123456789abcdef01234567\n`, config: schema({ rev: 'hash' }) },
  { code: 'DL3056', bad: `${F}LABEL version=1.0\n`, good: `${F}LABEL version=1.0.0-rc.1\n`, config: schema({ version: 'semver' }) },
  { code: 'DL3057', bad: `${F}CMD ["x"]\n`, good: `${F}HEALTHCHECK CMD ["true"]\n` },
  { code: 'DL3058', bad: `${F}LABEL mail=nobody\n`, good: `${F}LABEL mail=nobody@example.invalid\n`, config: schema({ mail: 'email' }) },
  { code: 'DL3059', bad: `${F}RUN echo a\nRUN echo b\n`, good: `${F}RUN echo a && echo b\n`, at: [3, 1] },
  { code: 'DL3060', bad: 'FROM node:20\nRUN yarn install\n', good: 'FROM node:20\nRUN yarn install && yarn cache clean\n' },
  { code: 'DL3061', bad: 'LABEL a=b\nFROM debian:12\n', good: 'ARG V=12\nFROM debian:${V}\n', at: [1, 1] },
  { code: 'DL3062', bad: 'FROM golang:1.22\nRUN go install example.invalid/tool\n', good: 'FROM golang:1.22\nRUN go install example.invalid/tool@v1.2.3\n' },
  { code: 'DL4000', bad: `${F}MAINTAINER me\n`, good: `${F}LABEL org.opencontainers.image.authors=me\n` },
  { code: 'DL4001', bad: `${F}RUN curl -fsSLO https://x.invalid/a && wget -q https://x.invalid/b\n`, good: `${F}RUN curl -fsSLO https://x.invalid/a && curl -fsSLO https://x.invalid/b\n` },
  { code: 'DL4003', bad: `${F}CMD ["a"]\nCMD ["b"]\n`, good: `${F}CMD ["a"]\nFROM debian:12\nCMD ["b"]\n` },
  { code: 'DL4004', bad: `${F}ENTRYPOINT ["a"]\nENTRYPOINT ["b"]\n`, good: `${F}ENTRYPOINT ["a"]\n` },
  { code: 'DL4005', bad: `${F}RUN ln -sf /bin/bash /bin/sh\n`, good: `${F}SHELL ["/bin/bash", "-c"]\n` },
  { code: 'DL4006', bad: `${F}RUN curl -fsS https://x.invalid | sh\n`, good: `${F}SHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN curl -fsS https://x.invalid | sh\n` },
  // The builder's own checks.
  { code: 'LD1001', bad: `${F}RUNN echo\n`, good: `${F}RUN echo\n`, at: [2, 1] },
  { code: 'LD1002', bad: `${F}WORKDIR\n`, good: `${F}WORKDIR /x\n` },
  { code: 'LD1003', bad: 'FROM debian:12 AS\n', good: 'FROM debian:12 AS base\n' },
  { code: 'LD1004', bad: `${F}CMD ['node', 'x']\n`, good: `${F}CMD ["node", "x"]\n` },
  { code: 'LD1005', bad: `${F}EXPOSE 80/http\n`, good: `${F}EXPOSE 80/udp\n` },
  { code: 'LD1006', bad: `${F}STOPSIGNAL SIGFOO\n`, good: `${F}STOPSIGNAL SIGTERM\n` },
  { code: 'LD1007', bad: 'FROM debian:12 AS 1bad\n', good: 'FROM debian:12 AS good-1\n' },
  { code: 'LD1008', bad: 'FROM debian:12\nCOPY --from=1 /a /b\nFROM debian:12 AS later\n', good: 'FROM debian:12\nFROM debian:12\nCOPY --from=0 /a /b\n' },
  { code: 'LD1009', bad: '# escape=x\nFROM debian:12\n', good: '# escape=`\nFROM debian:12\n' },
  { code: 'LD1010', bad: `${F}COPY --form=x a /b\n`, good: `${F}COPY --chmod=644 a /b\n` },
  { code: 'LD1011', bad: `${F}LABEL a=1 lonely\n`, good: `${F}LABEL a=1\n` },
  { code: 'LD1012', bad: `${F}HEALTHCHECK --interval=5 CMD true\n`, good: `${F}HEALTHCHECK --interval=5s CMD true\n` },
  { code: 'LD1013', bad: `${F}RUN <<EOF\necho hi\n`, good: `${F}RUN <<EOF\necho hi\nEOF\n` },
  { code: 'LD1014', bad: 'ARG X=1\n', good: 'ARG X=1\nFROM debian:12\n' },
  { code: 'LD1015', bad: '# check=skip=A;error=maybe\nFROM debian:12\n', good: '# check=skip=A;error=true\nFROM debian:12\n' },
  { code: 'LD1016', bad: `${F}RUN echo a \\\n\n    b\n`, good: `${F}RUN echo a \\\n    b\n` },
];

export function configOf(c: RuleCase): LintConfig {
  return { ...emptyConfig(), ...c.config };
}
