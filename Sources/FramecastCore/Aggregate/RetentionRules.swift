/// Which retention policy a series gets: an ordered list of `(glob, policy)` rules, first match
/// wins, plus a default for series no rule matches (carbon's storage-schemas.conf, one line per
/// rule). A series keeps the policy it got when it was created, even if the rules change later.
public struct RetentionRules: Sendable, Equatable {
    /// One `GLOB=POLICY` rule.
    public struct Rule: Sendable, Equatable {
        /// Which series the rule applies to (name pattern, optional `;tag=value` filters).
        public let glob: Glob
        /// The policy those series get.
        public let policy: RetentionPolicy

        public init(glob: Glob, policy: RetentionPolicy) {
            self.glob = glob
            self.policy = policy
        }
    }

    /// Rules in match order: the first whose glob matches a new series gives its policy.
    public let rules: [Rule]
    /// Policy of series that no rule matches.
    public let defaultPolicy: RetentionPolicy

    /// Rules already parsed, first match wins.
    public init(rules: [Rule] = [], default defaultPolicy: RetentionPolicy) {
        self.rules = rules
        self.defaultPolicy = defaultPolicy
    }

    /// Parses rules written `GLOB=POLICY`, e.g. `servers.*.cpu;dc=eu=10s:7d,1m:1y`. The glob may
    /// itself hold `=` (tag filters): the policy starts after the last `=`.
    public init(parsing texts: [String], default defaultPolicy: RetentionPolicy) throws(RetentionError) {
        var rules: [Rule] = []
        for text in texts {
            guard let equals = text.lastIndex(of: "=") else { throw .ruleWithoutEquals(text) }
            let pattern = text[..<equals].trimmedForRetention
            guard !pattern.isEmpty else { throw .emptyGlob(text) }
            do {
                let policy = try RetentionPolicy(String(text[text.index(after: equals)...]))
                rules.append(Rule(glob: Glob(String(pattern)), policy: policy))
            } catch {
                throw .badRule(text, error)
            }
        }
        self.init(rules: rules, default: defaultPolicy)
    }

    /// The policy of the first rule whose glob matches `key`, else the default.
    public func policy(for key: SeriesKey) -> RetentionPolicy {
        rules.first { $0.glob.matches(key) }?.policy ?? defaultPolicy
    }
}

extension Substring {
    var trimmedForRetention: Substring {
        var text = self
        while text.first == " " { text.removeFirst() }
        while text.last == " " { text.removeLast() }
        return text
    }
}
