import * as assert from 'node:assert/strict';
import { applyChanges, splitWords } from '../../src/engine/ops/change';

describe('--change instructions', () => {
  it('CMD and ENTRYPOINT: JSON form as is, shell form through /bin/sh -c', () => {
    assert.deepEqual(applyChanges({}, ['CMD ["sh", "-c", "echo"]']).Cmd, ['sh', '-c', 'echo']);
    assert.deepEqual(applyChanges({}, ['CMD echo hi']).Cmd, ['/bin/sh', '-c', 'echo hi']);
    assert.deepEqual(applyChanges({}, ['entrypoint ["/app"]']).Entrypoint, ['/app']);
  });
  it('ENTRYPOINT drops an inherited CMD unless CMD was set before it', () => {
    assert.equal(applyChanges({ Cmd: ['sh'] }, ['ENTRYPOINT ["/app"]']).Cmd, null);
    assert.deepEqual(applyChanges({ Cmd: ['sh'] }, ['CMD ["x"]', 'ENTRYPOINT ["/app"]']).Cmd, ['x']);
  });
  it('ENV and LABEL in both forms, with quotes, replacing existing keys', () => {
    const c = applyChanges({ Env: ['PATH=/bin', 'A=0'] }, ['ENV A=1 B="two words"', 'ENV LEGACY some value', 'LABEL a=b "c d"="e f"']);
    assert.deepEqual(c.Env, ['PATH=/bin', 'A=1', 'B=two words', 'LEGACY=some value']);
    assert.deepEqual(c.Labels, { a: 'b', 'c d': 'e f' });
  });
  it('EXPOSE, WORKDIR (relative joins), USER, VOLUME, STOPSIGNAL, ONBUILD', () => {
    const c = applyChanges({}, ['EXPOSE 80 53/udp', 'WORKDIR /srv', 'WORKDIR app', 'USER 1000:1000', 'VOLUME ["/data"]', 'VOLUME /a /b', 'STOPSIGNAL SIGTERM', 'ONBUILD run echo']);
    assert.deepEqual(c.ExposedPorts, { '80/tcp': {}, '53/udp': {} });
    assert.equal(c.WorkingDir, '/srv/app');
    assert.equal(c.User, '1000:1000');
    assert.deepEqual(c.Volumes, { '/data': {}, '/a': {}, '/b': {} });
    assert.equal(c.StopSignal, 'SIGTERM');
    assert.deepEqual(c.OnBuild, ['RUN echo']);
  });
  it('rejects instructions docker does not allow', () => {
    assert.throws(() => applyChanges({}, ['RUN echo']), /run is not a valid change command/);
    assert.throws(() => applyChanges({}, ['EXPOSE abc']), /invalid port/);
  });
  it('splitWords handles quotes and escapes', () => {
    assert.deepEqual(splitWords(`a "b c" 'd e' f\\ g`), ['a', 'b c', 'd e', 'f g']);
  });
});
