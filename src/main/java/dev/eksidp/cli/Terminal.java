package dev.eksidp.cli;

import java.io.Console;

/** Whether a person is watching: decides the live progress line and whether apply may ask for confirmation. */
final class Terminal {

    private Terminal() {
    }

    static boolean interactive() {
        // The launcher knows best (it can test the file descriptors); otherwise ask the JVM.
        String fromLauncher = System.getProperty("eksidp.terminal");
        if (fromLauncher != null) {
            return Boolean.parseBoolean(fromLauncher);
        }
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            // JDK 22+ returns a console even when redirected; isTerminal() tells.
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException olderJdk) {
            return true;
        }
    }
}
