// The React tests share the live fixture of the client's observer tests.
export {
  type LiveFixture as Fixture,
  type LiveServerLog as ServerLog,
  liveContract as api,
  startLiveFixture as startFixture,
} from '@wirecall/test-utils';
