/**
 * Samples the slot thread it runs in with V8's CPU profiler, for flame graphs. The
 * profiler samples from its own thread, so a slot busy with records is sampled as it
 * works; the start and stop calls run between two slices of the slot's tasks.
 */
import { Session } from 'node:inspector';
import { flameGraphOfProfile, type CpuProfile, type FlameGraphNode, type FlameGraphSampling } from '../metrics/flame-graph.js';

export class SlotProfiler {
  #session: Session | undefined;
  /** One sampling at a time: requests that arrive meanwhile share it. */
  #running: Promise<FlameGraphNode> | undefined;

  sample(sampling: FlameGraphSampling): Promise<FlameGraphNode> {
    this.#running ??= this.#sample(sampling).finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  async #sample({ durationMs, intervalMs, stackDepth }: FlameGraphSampling): Promise<FlameGraphNode> {
    await this.#post('Profiler.enable');
    await this.#post('Profiler.setSamplingInterval', { interval: Math.max(1, Math.round(intervalMs * 1000)) });
    await this.#post('Profiler.start');
    await new Promise((resolve) => setTimeout(resolve, durationMs));
    const { profile } = (await this.#post('Profiler.stop')) as { profile: CpuProfile };
    await this.#post('Profiler.disable');
    return flameGraphOfProfile(profile, stackDepth);
  }

  #post(method: string, params?: object): Promise<unknown> {
    if (this.#session === undefined) {
      this.#session = new Session();
      this.#session.connect();
    }
    const session = this.#session;
    return new Promise((resolve, reject) => {
      session.post(method, params, (error, result) => (error === null ? resolve(result) : reject(error)));
    });
  }
}
