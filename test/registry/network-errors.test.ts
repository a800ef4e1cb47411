// An unreachable registry is reported as docker reports it, on one line. The CLI case uses a
// closed loopback port; name-resolution and TLS failures are checked on the mapping itself with
// error objects shaped as Node and undici throw them (no lookup ever leaves the machine).
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { lading } from '../helpers/cli';
import { tempDir } from '../helpers/tmp';
import { freePort } from '../fixtures/registry/ports';
import { LadingError } from '../../src/engine/errors';
import { NetworkError, networkErrorWhileReading, requestNetworkError } from '../../src/engine/registry/network-errors';
import { isNetworkError, isRetryable } from '../../src/engine/registry/retry';
import { Transport } from '../../src/engine/registry/transport';

function errno(message: string, code: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), { code, ...extra });
}

function mapped(e: unknown, method = 'GET', url = 'https://nosuch.invalid/v2/'): string {
  const out = requestNetworkError(e, method, new URL(url), url);
  assert.ok(out instanceof NetworkError, `not mapped: ${String(e)}`);
  return out.message;
}

describe('registry: network failures in docker\'s words', function () {
  this.timeout(60000);

  it('pull from a closed loopback port prints one Error line, exit 1, no stack trace', async () => {
    const port = await freePort();
    const home = tempDir('lading-home-');
    const env = { HOME: home, DOCKER_CONFIG: path.join(home, '.docker'), LADING_CONFIG: path.join(home, 'none.json'), LADING_DOCKER_DAEMON_CONFIG: path.join(home, 'none.json'), REGISTRY_AUTH_FILE: '', XDG_RUNTIME_DIR: '' };
    const r = await lading(['pull', `127.0.0.1:${port}/test/img:latest`], { store: tempDir('lading-store-'), env });
    assert.equal(r.code, 1, r.stdout);
    assert.equal(r.stderr, `Error: Get "http://127.0.0.1:${port}/v2/": dial tcp 127.0.0.1:${port}: connect: connection refused\n`);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  });

  it('the transport throws a NetworkError that retries still treat as a dropped connection', async () => {
    const port = await freePort();
    const transport = new Transport();
    try {
      const url = `http://127.0.0.1:${port}/v2/x/manifests/latest?token=secret`;
      const e = await transport.request({ method: 'HEAD', url }).then(() => undefined, (err: unknown) => err);
      assert.ok(e instanceof NetworkError, String(e));
      assert.equal(e.message, `Head "http://127.0.0.1:${port}/v2/x/manifests/latest?…": dial tcp 127.0.0.1:${port}: connect: connection refused`);
      assert.equal(isRetryable(e), true);
    } finally {
      await transport.close();
    }
  });

  it('maps name-resolution failures as docker does', () => {
    assert.equal(mapped(errno('getaddrinfo ENOTFOUND nosuch.invalid', 'ENOTFOUND', { hostname: 'nosuch.invalid' })), 'Get "https://nosuch.invalid/v2/": dial tcp: lookup nosuch.invalid: no such host');
    assert.equal(mapped(errno('getaddrinfo EAI_AGAIN nosuch.invalid', 'EAI_AGAIN')), 'Get "https://nosuch.invalid/v2/": dial tcp: lookup nosuch.invalid: temporary failure in name resolution');
  });

  it('maps connection failures, including undici\'s own codes and nested causes', () => {
    const url = 'http://127.0.0.1:5000/v2/';
    assert.equal(mapped(errno('connect ECONNREFUSED 127.0.0.1:5000', 'ECONNREFUSED'), 'GET', url), `Get "${url}": dial tcp 127.0.0.1:5000: connect: connection refused`);
    assert.equal(mapped(errno('read ECONNRESET', 'ECONNRESET'), 'GET', url), `Get "${url}": read: connection reset by peer`);
    assert.equal(mapped(errno('connect ETIMEDOUT', 'ETIMEDOUT'), 'GET', url), `Get "${url}": dial tcp 127.0.0.1:5000: i/o timeout`);
    assert.equal(mapped(errno('Connect Timeout Error', 'UND_ERR_CONNECT_TIMEOUT'), 'GET', url), `Get "${url}": dial tcp 127.0.0.1:5000: i/o timeout`);
    assert.equal(mapped(errno('Headers Timeout Error', 'UND_ERR_HEADERS_TIMEOUT'), 'PUT', url), `Put "${url}": timeout awaiting response headers`);
    assert.equal(mapped(errno('Request body length does not match content-length header', 'UND_ERR_REQ_CONTENT_LENGTH_MISMATCH'), 'PUT', url), `Put "${url}": Request body length does not match content-length header`);
    // undici's "terminated" carries the socket error as its cause
    const terminated = Object.assign(new TypeError('terminated'), { cause: errno('other side closed', 'UND_ERR_SOCKET') });
    assert.equal(mapped(terminated, 'GET', url), `Get "${url}": the server closed the connection`);
    // happy eyeballs: one error per address tried
    const aggregate = new AggregateError([errno('connect ECONNREFUSED ::1:5000', 'ECONNREFUSED'), errno('connect ECONNREFUSED 127.0.0.1:5000', 'ECONNREFUSED')]);
    assert.equal(mapped(aggregate, 'GET', 'http://localhost:5000/v2/'), 'Get "http://localhost:5000/v2/": dial tcp localhost:5000: connect: connection refused');
  });

  it('maps certificate failures to x509 messages', () => {
    const url = 'https://registry.test:5000/v2/';
    assert.equal(mapped(errno('self-signed certificate', 'DEPTH_ZERO_SELF_SIGNED_CERT'), 'GET', url), `Get "${url}": tls: failed to verify certificate: x509: certificate signed by unknown authority`);
    assert.equal(mapped(errno('unable to get local issuer certificate', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY'), 'GET', url), `Get "${url}": tls: failed to verify certificate: x509: certificate signed by unknown authority`);
    assert.equal(mapped(errno('certificate has expired', 'CERT_HAS_EXPIRED'), 'GET', url), `Get "${url}": tls: failed to verify certificate: x509: certificate has expired or is not yet valid`);
    assert.equal(mapped(errno("Hostname/IP does not match certificate's altnames", 'ERR_TLS_CERT_ALTNAME_INVALID'), 'GET', url), `Get "${url}": tls: failed to verify certificate: x509: certificate is not valid for registry.test`);
    assert.equal(mapped(errno('wrong version number', 'ERR_SSL_WRONG_VERSION_NUMBER'), 'GET', url), `Get "${url}": http: server gave HTTP response to HTTPS client`);
  });

  it('keeps what is no network failure, and the retry classification of what is', () => {
    const bug = new TypeError('x is not a function');
    assert.equal(requestNetworkError(bug, 'GET', new URL('http://127.0.0.1/'), 'http://127.0.0.1/'), bug);
    const ours = new LadingError('refusing plain HTTP to example.test');
    assert.equal(requestNetworkError(ours, 'GET', new URL('http://127.0.0.1/'), 'http://127.0.0.1/'), ours);
    // ENOTFOUND is not retried (a name that does not resolve will not start to), ECONNRESET is
    const notFound = requestNetworkError(errno('getaddrinfo ENOTFOUND x', 'ENOTFOUND'), 'GET', new URL('https://x/v2/'), 'https://x/v2/');
    const reset = requestNetworkError(errno('read ECONNRESET', 'ECONNRESET'), 'GET', new URL('https://x/v2/'), 'https://x/v2/');
    assert.equal(isNetworkError(notFound), false);
    assert.equal(isNetworkError(reset), true);
    // a body that broke off mid-read names what was being read
    const terminated = Object.assign(new TypeError('terminated'), { cause: errno('other side closed', 'UND_ERR_SOCKET') });
    assert.equal((networkErrorWhileReading(terminated, 'blob sha256:abc') as Error).message, 'reading blob sha256:abc: the server closed the connection');
  });
});
