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

    static final String ORGANIZATION = """
            {
              "limits": {"organizations": {"ratePerSecond": 2, "burst": 1}, "account": {"ratePerSecond": 5}},
              "accounts": [{"id": "111111111111", "optInRegions": ["af-south-1"]}],
              "organization": {
                "id": "o-exampleorg1", "rootId": "r-org1", "managementAccountId": "000000000000",
                "units": [{"id": "ou-org1-prod0001", "name": "Prod", "parent": "r-org1"},
                          {"id": "ou-org1-prodeu01", "name": "ProdEU", "parent": "ou-org1-prod0001"}],
                "accounts": [{"id": "111111111111", "parent": "ou-org1-prodeu01"},
                             {"id": "444444444444", "parent": "ou-org1-prod0001", "state": "SUSPENDED"}]
              }
            }""";

    @Test
    void parsesAnOrganizationTreeOptInRegionsAndTheirLimits() {
        Fleet f = FleetLoader.parse(ORGANIZATION);
        assertThat(f.limits().organizations()).isEqualTo(new Fleet.Rate(2, 1));
        assertThat(f.limits().account().ratePerSecond()).isEqualTo(5);
        assertThat(f.accounts().get(0).enabled("af-south-1")).isTrue();
        assertThat(f.accounts().get(0).enabled("me-south-1")).isFalse();
        assertThat(f.accounts().get(0).enabled("eu-west-1")).isTrue();
        assertThat(f.organization().units()).extracting(Fleet.Unit::parent).containsExactly("r-org1", "ou-org1-prod0001");
        assertThat(f.organization().accounts()).extracting(Fleet.Member::state).containsExactly("ACTIVE", "SUSPENDED");
        assertThat(f.organization().readableBy("000000000000")).isTrue();
        assertThat(f.organization().readableBy("111111111111")).isFalse();
    }

    @Test
    void refusesABrokenOrganizationTree() {
        assertThatThrownBy(() -> FleetLoader.parse(ORGANIZATION.replace("\"parent\": \"ou-org1-prod0001\", \"state\"",
                "\"parent\": \"ou-org1-nothere1\", \"state\"")))
                .hasMessageContaining("organization.accounts[1].parent: no root or unit ou-org1-nothere1");
        assertThatThrownBy(() -> FleetLoader.parse(ORGANIZATION.replace("\"name\": \"Prod\", \"parent\": \"r-org1\"",
                "\"name\": \"Prod\", \"parent\": \"ou-org1-prodeu01\"")))
                .hasMessageContaining("is not under the root r-org1");
        assertThatThrownBy(() -> FleetLoader.parse(ORGANIZATION.replace("\"SUSPENDED\"", "\"GONE\"")))
                .hasMessageContaining("state must be one of");
        assertThatThrownBy(() -> FleetLoader.parse(ORGANIZATION.replace("af-south-1", "eu-west-1")))
                .hasMessageContaining("eu-west-1 is not an opt-in region");
    }

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
        assertThat(f.accounts().stream().flatMap(a -> a.clusters().stream())).hasSize(9);
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
        // A state EKS cannot reach: it associates one OIDC config per cluster.
        assertThatThrownBy(() -> FleetLoader.parse("{\"accounts\":[{\"id\":\"111111111111\",\"clusters\":[{\"region\":\"us-east-1\","
                + "\"name\":\"c\",\"identityProviders\":[{\"name\":\"a\",\"issuerUrl\":\"https://a.example.com\"},"
                + "{\"name\":\"b\",\"issuerUrl\":\"https://b.example.com\"}]}]}]}"))
                .hasMessageContaining("an EKS cluster can have one");
    }
}
