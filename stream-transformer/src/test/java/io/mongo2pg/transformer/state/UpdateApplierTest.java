package io.mongo2pg.transformer.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mongo2pg.transformer.TestData;
import io.mongo2pg.transformer.event.ChangeEvent;
import io.mongo2pg.transformer.event.EnvelopeParser;
import io.mongo2pg.transformer.event.UpdateDescription;
import io.mongo2pg.transformer.event.UpdateDescription.TruncatedArray;
import java.util.List;
import org.bson.BsonDocument;
import org.bson.BsonObjectId;
import org.junit.jupiter.api.Test;

class UpdateApplierTest {
    private static final BsonDocument ORDER = BsonDocument.parse("{_id: 1, status: 'new', customer: {name: 'Ann', "
            + "address: {city: 'Oslo'}}, items: [{sku: 'a', qty: 1}, {sku: 'b', qty: 2}, {sku: 'c', qty: 3}], "
            + "tags: ['x', 'y'], '7': 'numeric field name'}");

    @Test
    void shouldSetNestedFieldsArrayElementsAndCreateMissingDocuments() {
        BsonDocument after = UpdateApplier.apply(ORDER, updated("{'customer.address.city': 'Bergen', "
                + "'items.1.qty': 5, 'tags.2': 'z', 'shipping.carrier.name': 'DHL', '7': 'still a field'}"));

        assertThat(after).isEqualTo(BsonDocument.parse("{_id: 1, status: 'new', customer: {name: 'Ann', "
                + "address: {city: 'Bergen'}}, items: [{sku: 'a', qty: 1}, {sku: 'b', qty: 5}, {sku: 'c', qty: 3}], "
                + "tags: ['x', 'y', 'z'], '7': 'still a field', shipping: {carrier: {name: 'DHL'}}}"));
        assertThat(ORDER.getArray("tags")).as("the input is not modified").hasSize(2);
    }

    @Test
    void shouldRefuseOnlyPathsThatAFieldNameWithDotsMakesAmbiguous() {
        BsonDocument dotted = BsonDocument.parse("{_id: 1, 'a.b': 1, a: {b: 2, c: 3}, x: [{'y.z': [1]}], 'a.bc': 4}");

        assertThatThrownBy(() -> UpdateApplier.apply(dotted, updated("{'a.b': 5}")))
                .isInstanceOf(AmbiguousPathException.class).hasMessageContaining("field named 'a.b'")
                .extracting(e -> ((AmbiguousPathException) e).fieldPath()).isEqualTo("a.b");
        assertThatThrownBy(() -> UpdateApplier.apply(dotted, new UpdateDescription(new BsonDocument(),
                List.of("x.0.y.z.0"), List.of()))).isInstanceOf(AmbiguousPathException.class)
                .hasMessageContaining("field named 'y.z'");
        assertThatThrownBy(() -> UpdateApplier.apply(dotted, new UpdateDescription(new BsonDocument(), List.of(),
                List.of(new TruncatedArray("x.0.y.z", 0))))).isInstanceOf(AmbiguousPathException.class);
        assertThat(UpdateApplier.apply(dotted, updated("{'a.c': 6, 'a.bcd': 7, 'x.0.y': 8}")))
                .as("paths no dotted name spells out apply as usual")
                .isEqualTo(BsonDocument.parse("{_id: 1, 'a.b': 1, a: {b: 2, c: 6, bcd: 7}, x: [{'y.z': [1], y: 8}], "
                        + "'a.bc': 4}"));
    }

    @Test
    void shouldPadWithNullsWhenSettingPastTheEndOfAnArray() {
        BsonDocument after = UpdateApplier.apply(ORDER, updated("{'tags.4': 'w'}"));

        assertThat(after.getArray("tags")).isEqualTo(BsonDocument.parse("{t: ['x', 'y', null, null, 'w']}")
                .getArray("t"));
    }

    @Test
    void shouldRemoveFieldsAndNullArrayElementsLikeUnset() {
        UpdateDescription unset = new UpdateDescription(new BsonDocument(),
                List.of("status", "customer.address.city", "items.0.sku", "tags.1", "nowhere.at.all"), List.of());

        BsonDocument after = UpdateApplier.apply(ORDER, unset);

        assertThat(after).isEqualTo(BsonDocument.parse("{_id: 1, customer: {name: 'Ann', address: {}}, "
                + "items: [{qty: 1}, {sku: 'b', qty: 2}, {sku: 'c', qty: 3}], tags: ['x', null], "
                + "'7': 'numeric field name'}"));
    }

    @Test
    void shouldTruncateBeforeSettingShiftedElementsLikePull() {
        // $pull of the element at index 0: MongoDB reports the new size and the elements that moved
        UpdateDescription pull = new UpdateDescription(BsonDocument.parse("{'items.0': {sku: 'b', qty: 2}, "
                + "'items.1': {sku: 'c', qty: 3}}"), List.of(), List.of(new TruncatedArray("items", 2)));

        assertThat(UpdateApplier.apply(ORDER, pull).getArray("items")).isEqualTo(BsonDocument.parse(
                "{i: [{sku: 'b', qty: 2}, {sku: 'c', qty: 3}]}").getArray("i"));
    }

    @Test
    void shouldRefuseAPathThroughAScalarNamingIt() {
        assertThatThrownBy(() -> UpdateApplier.apply(ORDER, updated("{'status.code': 3}")))
                .isInstanceOfSatisfying(UpdateConflictException.class,
                        e -> assertThat(e.fieldPath()).isEqualTo("status.code"))
                .hasMessageContaining("'status' holds a string, which has no fields");
    }

    @Test
    void shouldRefuseAnArrayStepThatIsNotAnIndex() {
        assertThatThrownBy(() -> UpdateApplier.apply(ORDER, updated("{'items.first.qty': 3}")))
                .isInstanceOf(UpdateConflictException.class)
                .hasMessageContaining("'items' is an array, but the path continues with 'first'");
    }

    @Test
    void shouldRefuseTruncatingSomethingThatIsNotAnArray() {
        UpdateDescription truncate = new UpdateDescription(new BsonDocument(), List.of(),
                List.of(new TruncatedArray("customer", 0)));

        assertThatThrownBy(() -> UpdateApplier.apply(ORDER, truncate))
                .isInstanceOf(UpdateConflictException.class)
                .hasMessageContaining("field 'customer': truncatedArrays names it, but the document holds a document");
    }

    /**
     * The real create and update of unattributed-index/orders-2.7.0-c-u-d: the update's relaxed v2 updatedFields
     * ({@code {"$date": "2025-04-30T17:33:30.61Z"}}) applied to the created document give exactly the update's
     * v1 strict {@code after} ({@code {"$date": 1746034410610}}). The two events are of documents with different
     * {@code _id}s but otherwise the same fields, so the update's {@code _id} is put in first.
     */
    @Test
    void shouldTurnTheRealCreatePlusUpdateDescriptionIntoTheRealAfter() {
        List<String> values = TestData.read(TestData.debeziumEvents("unattributed-index/orders-2.7.0-c-u-d.jsonl"))
                .lines().filter(l -> !l.isBlank()).toList();
        EnvelopeParser parser = new EnvelopeParser();
        ChangeEvent create = parser.parse("{\"id\": \"{\\\"$oid\\\": \\\"6811137d0c9f202a34d861e0\\\"}\"}", values.get(0));
        ChangeEvent update = parser.parse("{\"id\": \"{\\\"$oid\\\": \\\"68122a1c92da88b53346576c\\\"}\"}", values.get(1));
        BsonDocument base = create.after().clone();
        base.put("_id", new BsonObjectId(update.after().getObjectId("_id").getValue()));

        assertThat(update.updateDescription().updatedFields().keySet()).containsExactly("totalItems", "updatedAt");
        assertThat(UpdateApplier.apply(base, update.updateDescription())).isEqualTo(update.after());
    }

    private static UpdateDescription updated(String json) {
        return new UpdateDescription(BsonDocument.parse(json), List.of(), List.of());
    }
}
