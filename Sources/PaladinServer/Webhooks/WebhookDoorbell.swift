/// Wakes the dispatcher before its next poll: the API rings it after a write that may have queued deliveries.
/// Ringing is cheap and never blocks; a ring while the dispatcher is busy makes its next wait return at once.
public actor WebhookDoorbell {
    private var rung = false
    private var waiter: CheckedContinuation<Void, Never>?
    private var timer: Task<Void, Never>?

    /// A doorbell nobody has rung.
    public init() {}

    /// Wakes the waiting dispatcher, or the next wait.
    public nonisolated func ring() {
        Task { await self.open() }
    }

    private func open() {
        if let waiter {
            self.waiter = nil
            waiter.resume()
        } else {
            rung = true
        }
    }

    /// Returns when rung, after `duration`, or when the task is cancelled, whichever comes first.
    func wait(upTo duration: Duration) async {
        if rung {
            rung = false
            return
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                if Task.isCancelled {
                    continuation.resume()
                    return
                }
                waiter = continuation
                timer = Task {
                    try? await Task.sleep(for: duration)
                    if !Task.isCancelled { await self.open() }
                }
            }
        } onCancel: {
            Task { await self.open() }
        }
        timer?.cancel()
        timer = nil
    }
}
