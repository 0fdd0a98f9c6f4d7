import PaladinCLI

// Not named main.swift: an async root command needs @main on a type (see STACK.md).
@main
enum Entry {
    static func main() async {
        await PaladinCommand.main()
    }
}
