package dev.eksidp.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

class LockoutCommandTest {

    @TempDir
    Path dir;

    @Test
    void writesTheOwnerOnlyPolicyAndSaysWhereItBinds() throws Exception {
        Path out = dir.resolve("deny-idp.json");
        CliTestSupport.Result r = CliTestSupport.run(null, "lockout", "--issuer-url", "https://idp.example.com", "--client-id", "k8s",
                "--out", out.toString());
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.OK);
        assertThat(Files.readString(out)).contains("\"eks:issuerUrl\"", "\"eks:clientId\" : \"k8s\"", "\"Effect\" : \"Deny\"");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out))).isEqualTo("rw-------");
        assertThat(r.out()).contains("management account", "DenyCompromisedIdentityProviderIssuer");
    }

    @Test
    void aBadIssuerIsOneLineAndWritesNothing() {
        Path out = dir.resolve("deny-idp.json");
        CliTestSupport.Result r = CliTestSupport.run(null, "lockout", "--issuer-url", "http://idp.example.com", "--out", out.toString());
        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err().lines().findFirst().orElseThrow()).startsWith("error: --issuer-url must be an https:// URL");
        assertThat(out).doesNotExist();
    }
}
