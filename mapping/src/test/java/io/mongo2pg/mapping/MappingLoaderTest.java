package io.mongo2pg.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mongo2pg.mapping.model.ChildMapping;
import io.mongo2pg.mapping.model.CollectionMapping;
import io.mongo2pg.mapping.model.ColumnMapping;
import io.mongo2pg.mapping.model.ColumnReference;
import io.mongo2pg.mapping.model.ColumnType;
import io.mongo2pg.mapping.model.LinkMapping;
import io.mongo2pg.mapping.model.Mapping;
import io.mongo2pg.mapping.model.MappingException;
import io.mongo2pg.mapping.model.NulPolicy;
import io.mongo2pg.mapping.model.OnMismatch;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MappingLoaderTest {
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
    void shouldReadEveryKindOfPlacementWithDefaultNamesFromTheSeparator() {
        Mapping mapping = SharedData.mapping("""
                separator: "__"
                nul: replace
                collections:
                  orders:
                    id: {type: bigint}
                    columns:
                      customer.id: {references: customers._id}
                      photo: {type: bytea, subtype: 9}
                      rating: {type: double, onMismatch: extra}
                    subdocuments:
                      shipping.address: {columns: {city: text}}
                    children:
                      lines: {key: [sku], columns: {sku: text}, children: {notes: {value: {type: text}}}}
                    exclude: [password]
                  customers:
                    id: {type: text}
                """);

        CollectionMapping orders = mapping.collection("orders").orElseThrow();
        assertThat(mapping.nulPolicy()).isEqualTo(NulPolicy.REPLACE);
        assertThat(orders.columns().get(0)).isEqualTo(new ColumnMapping("customer.id", "customer__id", ColumnType.TEXT,
                false, OnMismatch.REJECT, (byte) 0, Optional.of(new ColumnReference("customers", "_id"))));
        assertThat(orders.columns().get(1).binarySubtype()).isEqualTo((byte) 9);
        assertThat(orders.columns().get(2).onMismatch()).isEqualTo(OnMismatch.EXTRA);
        assertThat(orders.fields().subdocuments().get(0).table()).isEqualTo("orders__shipping__address");
        ChildMapping lines = orders.children().get(0);
        assertThat(lines.table()).isEqualTo("orders__lines");
        assertThat(lines.key()).containsExactly("sku");
        ChildMapping notes = lines.fields().children().get(0);
        assertThat(notes.table()).isEqualTo("orders__lines__notes");
        assertThat(notes.value().orElseThrow().column()).isEqualTo("notes");
        assertThat(orders.fields().excluded()).containsExactly("password");
    }

    @Test
    void shouldLoadEveryExampleMapping() {
        for (Path example : SharedData.exampleMappings()) {
            assertThat(io.mongo2pg.mapping.model.MappingLoader.load(example).collections()).as("%s", example).isNotEmpty();
        }
        assertThat(SharedData.exampleMappings()).extracting(p -> p.getFileName().toString())
                .contains("sample_airbnb.yml", "sample_analytics.yml", "sample_mflix.yml");
    }

    @Test
    void shouldReportEveryProblemAtOnceAgainstItsYamlPathWithTheFix() {
        assertThatThrownBy(() -> SharedData.mapping("""
                nul: strip
                collections:
                  orders:
                    tabel: orders
                    exclude: [_id]
                    columns:
                      total: {type: money}
                      customer: {references: customers._id}
                      address: {type: jsonb}
                      address.city: {type: text}
                      notes: {type: text, column: _extra}
                      photo: {type: text, subtype: 9}
                      status: {type: text, onMismatch: cast}
                    children:
                      lines: {key: sku, columns: {qty: {type: integer}}}
                      tags: {value: {type: text}, columns: {x: {type: text}}}
                    links:
                      items: {table: Users, references: users._id}
                  users:
                    id: {type: "text[]"}
                    columns:
                      Name: {type: text}
                      name: {type: text}
                      nick: {type: text, column: %s}
                """.formatted("n".repeat(64))))
                .isInstanceOf(MappingException.class)
                .satisfies(e -> assertThat(((MappingException) e).problems()).containsExactlyInAnyOrder(
                        "nul: unknown value 'strip'; use one of: reject, replace",
                        "collections.orders.tabel: unknown key; allowed here: [children, columns, exclude, id, links, "
                                + "subdocuments, table]",
                        "collections.orders.columns.total.type: unknown type 'money'; use one of: "
                                + ColumnType.allowedNames(),
                        "collections.orders.columns.customer.references: collection 'customers' is not in this mapping; "
                                + "add it under 'collections' or reference one of [orders, users]",
                        "collections.orders.columns.photo.subtype: only a bytea column has a binary subtype; remove it "
                                + "(uuid is subtype 4)",
                        "collections.orders.columns.status.onMismatch: unknown value 'cast'; use one of: reject, extra",
                        "collections.orders.children.tags.columns: an array of scalars has only a 'value' column; "
                                + "remove 'columns', or remove 'value' if the elements are subdocuments",
                        "collections.users.id.type: an _id is never an array; use the type of the collection's _id "
                                + "values, or jsonb if they vary",
                        "collections.orders: '_id' cannot be placed or excluded: _id is always the primary key column "
                                + "(set its type under 'id'); remove the entry",
                        "collections.orders: field 'address.city' overlaps 'address', which is placed too; a field goes "
                                + "to one place: map the nested field under the subdocument's or child's own entry, or drop one",
                        "collections.orders.columns.notes: column '_extra' of field 'notes' in table 'orders' is already "
                                + "taken by the catch-all column (extraColumn); rename it with 'column: other_name' "
                                + "(reserved: _id, _root_id, _ord, _ord_N, the extraColumn)",
                        "collections.orders.children.lines.key: 'sku' is not a column of this child table; map it under "
                                + "collections.orders.children.lines.columns, or remove it from 'key' to key the table "
                                + "by position",
                        "collections.users.table: table 'users' differs from 'Users' (collections.orders.links.items) "
                                + "only in case, which breaks SQL written without quotes; rename one with 'table: ...'",
                        "collections.users.columns.name: column 'name' of field 'name' in table 'users' differs from "
                                + "column 'Name' of field 'Name' in table 'users' (collections.users.columns.Name) only "
                                + "in case, which breaks SQL written without quotes; rename it with 'column: other_name' "
                                + "(reserved: _id, _root_id, _ord, _ord_N, the extraColumn)",
                        "collections.users.columns.nick.column: '" + "n".repeat(64) + "' is longer than PostgreSQL's "
                                + "63-byte identifier limit and would be truncated; choose a shorter name"));
    }

    @Test
    void shouldRequireAReferenceToHaveTheReferencedType() {
        assertThatThrownBy(() -> SharedData.mapping("""
                collections:
                  comments:
                    columns: {movie_id: {type: text, references: movies._id}, user: {references: users.email}}
                  movies: {}
                  users: {columns: {email: {column: mail}}}
                """))
                .isInstanceOf(MappingException.class)
                .satisfies(e -> assertThat(((MappingException) e).problems()).containsExactlyInAnyOrder(
                        "collections.comments.columns.movie_id.type: is text but the referenced field movies._id is "
                                + "objectid; a foreign key needs the same type: remove 'type' or set it to objectid",
                        "collections.comments.columns.user.references: field 'email' of 'users' is not mapped to a root "
                                + "column with a type; map it there (with unique: true) or reference users._id",
                        "collections.users.columns.email.type: missing; use one of: " + ColumnType.allowedNames()));
    }

    @Test
    void shouldNotAcceptTheSameTableTwice() {
        assertThatThrownBy(() -> SharedData.mapping("""
                collections:
                  a: {children: {items: {table: b}}}
                  b: {}
                """))
                .hasMessageContaining("collections.b.table: table 'b' is also the table of collections.a.children.items; "
                        + "give each its own 'table' name");
    }
}
