package io.mongo2pg.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mongo2pg.mapping.model.ColumnType;
import io.mongo2pg.mapping.model.LinkMapping;
import io.mongo2pg.mapping.model.Mapping;
import io.mongo2pg.mapping.model.MappingException;
import io.mongo2pg.mapping.model.MappingLoader;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MappingLoaderTest {
    private static Mapping load(String yaml) {
        return MappingLoader.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yml");
    }

    @Test
    void shouldResolveLinkColumnTypeFromTheReferencedField() {
        Mapping mapping = SharedData.exampleMapping("sample_analytics");

        LinkMapping link = mapping.collection("customers").orElseThrow().links().get(0);

        assertThat(link.table()).isEqualTo("customer_accounts");
        assertThat(link.column()).isEqualTo("account_id");
        assertThat(link.type()).isEqualTo(ColumnType.INTEGER);
        assertThat(mapping.collection("accounts").orElseThrow().idType()).isEqualTo(ColumnType.OBJECTID);
    }

    @Test
    void shouldReportEveryProblemAtOnceAgainstItsYamlPath() {
        assertThatThrownBy(() -> load("""
                collections:
                  orders:
                    tabel: orders
                    columns:
                      total: {type: money}
                    links:
                      items: {table: order_items, references: products.sku}
                """))
                .isInstanceOf(MappingException.class)
                .satisfies(e -> assertThat(((MappingException) e).problems()).containsExactlyInAnyOrder(
                        "collections.orders.tabel: unknown key; allowed here: [children, columns, id, links, table]",
                        "collections.orders.columns.total.type: unknown type 'money'; use one of: " + ColumnType.allowedNames(),
                        "collections.orders.links.items.references: collection 'products' is not in this mapping; add it "
                                + "under 'collections' or reference one of [orders]"));
    }

    @Test
    void shouldReportColumnNameCollisionsAndOverlongNames() {
        String longName = "x".repeat(64);
        assertThatThrownBy(() -> load("""
                collections:
                  people:
                    columns:
                      address.city: {type: text}
                      address_city: {type: text}
                      nick: {type: text, column: %s}
                """.formatted(longName)))
                .isInstanceOf(MappingException.class)
                .hasMessageContaining("table 'people' has two columns named 'address_city'")
                .hasMessageContaining("column '" + longName + "' of table 'people' is longer than PostgreSQL's 63-byte");
    }
}
