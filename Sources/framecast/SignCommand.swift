import ArgumentParser
import Foundation
import FramecastCore
import FramecastServer

struct SignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sign",
        abstract: "Sign a chart URL so a public page may show private series until it expires.",
        discussion: """
            The signature is an HMAC-SHA256, with the key in --key-file, over the path and every \
            query parameter (in order) plus the expiry: changing any of them makes the server answer 403. \
            Serve with the same key: framecast serve --embed-key-file KEY --private 'billing.**'.

            Examples:
              head -c 32 /dev/urandom > embed.key
              framecast sign 'https://charts.example.com/embed?series=billing.revenue&from=-7d' --key-file embed.key --expires 30d
              framecast sign '/badge?series=billing.errors&stat=last&warn=1&crit=5' --key-file embed.key --expires 12h
            """
    )

    @Argument(help: "The URL to sign: absolute, or a path with its query.")
    var url: String

    @Option(help: ArgumentHelp("Key file (at least 16 bytes of secret).", valueName: "file"))
    var keyFile: String

    @Option(help: ArgumentHelp("How long the URL stays valid: e.g. 12h, 30d, 1y.", valueName: "duration"))
    var expires: String = "30d"

    func run() throws {
        guard let duration = TimeExpression.parseDuration(Substring(expires)), duration > 0 else {
            throw ValidationError("--expires '\(expires)' is not a duration such as 12h, 30d or 1y")
        }
        let signer: URLSigner
        do {
            signer = try URLSigner(keyFile: keyFile)
        } catch {
            throw CLIError("--key-file: \(error)")
        }
        guard let components = URLComponents(string: url), !components.path.isEmpty else {
            throw ValidationError("'\(url)' is not a URL or a path such as /embed?series=…")
        }
        let query = (components.queryItems ?? []).map { ($0.name, $0.value ?? "") }.filter { $0.0 != "_" }
        let until = Int64(Date().timeIntervalSince1970) + duration / 1000
        let signed = signer.sign(path: components.path, query: query, expires: until)
        var prefix = ""
        if let scheme = components.scheme, let host = components.host {
            prefix = "\(scheme)://\(host)" + (components.port.map { ":\($0)" } ?? "")
        }
        print(prefix + components.path + "?" + URLSigner.canonical(signed))
    }
}
