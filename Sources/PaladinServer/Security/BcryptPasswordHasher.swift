import HummingbirdBcrypt
import NIOPosix
import PaladinStore

/// bcrypt, run on NIO's blocking thread pool so a slow hash never stalls an event loop or the cooperative pool.
public struct BcryptPasswordHasher: PasswordHasher {
    /// The bcrypt cost (2^cost rounds).
    public let cost: UInt8

    /// A hasher with `cost` (12 by default; tests may lower it).
    public init(cost: UInt8 = 12) { self.cost = cost }

    /// A bcrypt hash of `password`.
    public func hash(_ password: String) async throws -> String {
        let cost = self.cost
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    /// Whether `password` matches a bcrypt `hash`.
    public func verify(_ password: String, hash: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
    }
}
