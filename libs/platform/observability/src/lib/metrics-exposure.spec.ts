import { isLoopbackHost, metricsExposure } from './metrics-exposure';

const defaults = { METRICS_PORT: 9464, METRICS_HOST: '127.0.0.1' };

describe('metricsExposure', () => {
  it.each(['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost', '::ffff:127.0.0.1'])(
    'should serve /metrics on the API port alone when HOST is the loopback address %s',
    (host) => {
      expect(isLoopbackHost(host)).toBe(true);
      expect(metricsExposure({ ...defaults, HOST: host })).toEqual({ onApiPort: true, listener: undefined });
    },
  );

  it.each(['0.0.0.0', '::', '10.0.0.5', 'keel.internal'])(
    'should move /metrics to its own loopback listener when HOST is %s',
    (host) => {
      expect(metricsExposure({ ...defaults, HOST: host })).toEqual({
        onApiPort: false,
        listener: { host: '127.0.0.1', port: 9464 },
      });
    },
  );

  it('should put /metrics back on the API port, behind the token, when METRICS_TOKEN is set', () => {
    const token = 'a-token-of-sixteen+';

    expect(metricsExposure({ ...defaults, HOST: '0.0.0.0', METRICS_TOKEN: token })).toEqual({
      onApiPort: true,
      listener: { host: '127.0.0.1', port: 9464 },
      token,
    });
  });
});
