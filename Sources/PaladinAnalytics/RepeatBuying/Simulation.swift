import Foundation

/// Synthetic customers drawn from known model parameters, in continuous time.
///
/// Each customer's age T is uniform in the given range (a cohort spread over time); the
/// first purchase is at age 0 and repeat purchases follow the model exactly, so fitting
/// the output should recover the parameters.
public enum Simulation: Sendable {
    /// BG/NBD customers: λ ~ Gamma(r, α), p ~ Beta(a, b); Poisson purchases at rate λ and,
    /// after each repeat purchase, dropout with probability p.
    public static func bgnbd(
        _ params: BGNBDParameters, customers: Int, T: ClosedRange<Double>, seed: UInt64
    ) -> RFMData {
        var rng = SeededGenerator(seed: seed)
        var data = RFMData(frequency: [], recency: [], T: [])
        data.frequency.reserveCapacity(customers)
        data.recency.reserveCapacity(customers)
        data.T.reserveCapacity(customers)
        for _ in 0..<customers {
            let lambda = rng.gamma(shape: params.r, rate: params.alpha)
            let p = rng.beta(params.a, params.b)
            let age = rng.uniform(in: T)
            var time = 0.0, last = 0.0, x = 0.0
            while true {
                time += rng.exponential(rate: lambda)
                if time > age { break }
                x += 1
                last = time
                if rng.uniform() < p { break }
            }
            data.frequency.append(x)
            data.recency.append(last)
            data.T.append(age)
        }
        return data
    }

    /// Pareto/NBD customers: λ ~ Gamma(r, α), μ ~ Gamma(s, β); Poisson purchases at rate λ
    /// until an exponential lifetime with rate μ ends.
    public static func paretoNBD(
        _ params: ParetoNBDParameters, customers: Int, T: ClosedRange<Double>, seed: UInt64
    ) -> RFMData {
        var rng = SeededGenerator(seed: seed)
        var data = RFMData(frequency: [], recency: [], T: [])
        for _ in 0..<customers {
            let lambda = rng.gamma(shape: params.r, rate: params.alpha)
            let mu = rng.gamma(shape: params.s, rate: params.beta)
            let age = rng.uniform(in: T)
            let end = min(age, rng.exponential(rate: mu))
            var time = 0.0, last = 0.0, x = 0.0
            while true {
                time += rng.exponential(rate: lambda)
                if time > end { break }
                x += 1
                last = time
            }
            data.frequency.append(x)
            data.recency.append(last)
            data.T.append(age)
        }
        return data
    }

    /// Gamma-Gamma mean spend for each customer's frequency: ν ~ Gamma(q, γ), each
    /// transaction ~ Gamma(p, ν), so the mean of x transactions is Gamma(p·x, ν·x).
    /// Customers with frequency 0 get 0.
    public static func gammaGammaSpend(
        _ params: GammaGammaParameters, frequency: [Double], seed: UInt64
    ) -> [Double] {
        var rng = SeededGenerator(seed: seed)
        return frequency.map { x in
            let nu = rng.gamma(shape: params.q, rate: params.gamma)
            guard x > 0 else { return 0 }
            return rng.gamma(shape: params.p * x, rate: nu * x)
        }
    }

    /// A BG/NBD transaction log in whole days: customer "c<i>" makes a first purchase on a
    /// day uniform in `firstDays`, then repeat purchases (continuous BG/NBD time in days,
    /// floored to the day) up to `lastDay`. Amounts in cents come from Gamma-Gamma with
    /// `spend` (at least 1 cent); purchases on the same day are later merged by ``summarize(_:observationEnd:calibrationEnd:unit:)``.
    public static func bgnbdTransactions(
        _ params: BGNBDParameters, customers: Int, firstDays: ClosedRange<Int64>, lastDay: Int64,
        spend: GammaGammaParameters, seed: UInt64
    ) -> [Transaction] {
        var rng = SeededGenerator(seed: seed)
        var log: [Transaction] = []
        for i in 0..<customers {
            let lambda = rng.gamma(shape: params.r, rate: params.alpha)
            let p = rng.beta(params.a, params.b)
            let nu = rng.gamma(shape: spend.q, rate: spend.gamma)
            let span = Double(firstDays.upperBound - firstDays.lowerBound + 1)
            let first = firstDays.lowerBound + Int64(rng.uniform() * span)
            let id = "c\(i)"
            func amount(_ rng: inout SeededGenerator) -> Int64 {
                max(1, Int64(rng.gamma(shape: spend.p, rate: nu).rounded()))
            }
            log.append(Transaction(customer: id, day: first, amount: amount(&rng)))
            var time = 0.0
            while true {
                time += rng.exponential(rate: lambda)
                if time >= Double(lastDay - first + 1) { break }
                let day = first + Int64(time.rounded(.down))
                log.append(Transaction(customer: id, day: day, amount: amount(&rng)))
                if rng.uniform() < p { break }
            }
        }
        return log
    }
}
