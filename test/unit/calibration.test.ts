import * as assert from 'assert';
import { calibrate, CALIBRATION_CHECKSUM, CALIBRATION_VERSION } from '../../bench/calibration';

/**
 * The bench's fixed workload (bench/calibration.ts) is what tells the machine's speed from the
 * product's across runs: its figures compare only while it is the same workload. A change of it
 * without a new version changes what it computes, and this test says so.
 */
describe('bench: the fixed workload that measures the machine (bench/calibration.ts)', () => {
  it('computes the checksum recorded for its version, whole, on every round', () => {
    const c = calibrate(3);
    assert.strictEqual(c.version, CALIBRATION_VERSION);
    assert.strictEqual(c.checksum, CALIBRATION_CHECKSUM);
    assert.ok(c.computeMs > 0 && c.allocationMs > 0, 'both parts timed');
  });
});
