package dev.eksidp.simulator;

import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FleetLoaderTest {
    static final String EXAMPLE = """
            {
              "hub": {"accountId": "000000000000", "accessKeyId": "AKIDSIMHUB0000000001", "secretAccessKey": "simulator-hub-secret"},
              "limits": {"eks": {"ratePerSecond": 10, "burst": 10}, "sts": {"ratePerSecond": 50, "burst": 50}},
              "latencyMs": {"min": 0, "max": 0},
              "faults": {"serverErrorRate": 0.0, "dropConnectionRate": 0.0, "seed": 1},
              "updateDurationMs": 1000,
              "credentials": {"maxLifetimeSeconds": 3600},
              "clockSpeed": 1.0,
              "journal": null,
              "accounts": [
                {"id": "111111111111", "roles": ["EksIdpRemediation"], "externalId": null, "denied": false,
                 "clusters": [
                   {"region": "us-east-1", "name": "prod-a", "status": "ACTIVE", "busy": 0,
                    "identityProviders": [{"name": "corp-okta", "type": "oidc", "issuerUrl": "https://idp.example.com", "clientId": "kubernetes", "status": "ACTIVE"}]}]}
              ]
            }""";

    @Test
    void parsesTheDocumentedExample() {
        Fleet f = FleetLoader.parse(EXAMPLE);
        assertThat(f.limits().eks()).isEqualTo(new Fleet.Rate(10, 10));
        assertThat(f.accounts()).singleElement().satisfies(a -> {
            assertThat(a.roles()).containsExactly("EksIdpRemediation");
            assertThat(a.clusters().get(0).identityProviders().get(0).name()).isEqualTo("corp-okta");
        });
    }

    @Test
    void appliesDefaultsToAMinimalFleet() {
        Fleet f = FleetLoader.parse("{\"accounts\":[{\"id\":\"111111111111\",\"clusters\":[{\"region\":\"us-east-1\",\"name\":\"c\"}]}]}");
        assertThat(f.hub()).isEqualTo(Fleet.Hub.DEFAULT);
        assertThat(f.limits().eks().unlimited()).isTrue();
        assertThat(f.updateDurationMs()).isEqualTo(1000);
        assertThat(f.credentials().maxLifetimeSeconds()).isEqualTo(3600);
        assertThat(f.clockSpeed()).isEqualTo(1.0);
        assertThat(f.accounts().get(0).roles()).containsExactly("EksIdpRemediation");
        assertThat(f.accounts().get(0).clusters().get(0).status()).isEqualTo("ACTIVE");
    }

    @Test
    void loadsYamlAndResolvesTheJournalNextToTheFile() throws URISyntaxException {
        Path file = Path.of(getClass().getResource("/simulator/fleet-example.yaml").toURI());
        Fleet f = FleetLoader.load(file);
        assertThat(f.updateDurationMs()).isEqualTo(2000);
        assertThat(f.journal()).isEqualTo(file.getParent().resolve("journal.jsonl"));
        assertThat(f.accounts().get(0).clusters().get(0).identityProviders().get(0).type()).isEqualTo("oidc");
    }

    @Test
    void demoFleetLoadsAndMatchesTheDemoTargets() throws Exception {
        Fleet f = FleetLoader.load(Path.of("inputs/demo-fleet.json"));
        assertThat(f.accounts()).hasSize(4);
        assertThat(f.accounts().stream().flatMap(a -> a.clusters().stream())).hasSize(8);
        java.util.List<String> rows = java.nio.file.Files.readAllLines(Path.of("inputs/demo-targets.csv"));
        assertThat(rows.get(0)).isEqualTo("account_id,region,cluster_name,provider_type,provider_name");
        assertThat(rows.subList(1, rows.size())).hasSize(12);
        assertThat(rows.stream().skip(1).distinct().count()).isEqualTo(11); // one deliberate duplicate
        long known = rows.stream().skip(1).map(r -> r.split(",")).filter(r -> f.accounts().stream()
                .anyMatch(a -> a.id().equals(r[0]) && a.clusters().stream().anyMatch(c -> c.region().equals(r[1]) && c.name().equals(r[2])))).count();
        assertThat(known).isEqualTo(10); // all but the missing cluster and the invalid account id
    }

    @Test
    void rejectsTyposAndBadValues() {
        assertThatThrownBy(() -> FleetLoader.parse("{\"accounts\":[], \"updateDurationMS\": 5}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("updateDurationMS");
        assertThatThrownBy(() -> FleetLoader.parse("{\"accounts\":[{\"id\":\"12\"}]}"))
                .hasMessageContaining("12 digits");
        assertThatThrownBy(() -> FleetLoader.parse("{}")).hasMessageContaining("accounts");
        assertThatThrownBy(() -> FleetLoader.parse("{\"accounts\":[{\"id\":\"111111111111\",\"clusters\":[{\"region\":\"r\",\"name\":\"c\",\"status\":\"BROKEN\"}]}]}"))
                .hasMessageContaining("status");
    }
}
