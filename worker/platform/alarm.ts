/** Sets an object's alarm to `at` unless it is already set sooner (one alarm serves several jobs). */
export async function alarmBy(storage: DurableObjectStorage, at: number): Promise<void> {
  const alarm = await storage.getAlarm();
  if (alarm === null || alarm > at) await storage.setAlarm(at);
}
