package io.mongo2pg.mapping.infer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** The files of an analysis of sample_analytics: mapping, DDL, report, Mermaid source and a well-formed SVG. */
class AnalysisFilesTest {
    @Test
    void shouldWriteTheReportWithItsDiagramInBothFormsAndTheDdl(@TempDir Path dir) throws Exception {
        Analysis analysis = InferredMappingRoundTripTest.infer(InferredMappingRoundTripTest.dataset("sample_analytics"));

        AnalysisFiles.write(analysis, "sample_analytics", "analytics", dir);

        String mermaid = Files.readString(dir.resolve("er.mmd"));
        assertThat(mermaid).startsWith("erDiagram\n").contains("customers ||--o{ customers_accounts : \"links\"")
                .contains("customers_accounts }o--o| accounts : \"account_id -> account_id (cutover)\"")
                .contains("        text_array products\n");
        Document svg = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(dir.resolve("er.svg").toFile());
        assertThat(svg.getDocumentElement().getTagName()).isEqualTo("svg");
        assertThat(svg.getDocumentElement().getTextContent()).contains("customers_accounts", "account_id", "tier_and_details");
        assertThat(svg.getElementsByTagName("g").getLength()).as("one group per table").isEqualTo(3);
        assertThat(Files.readString(dir.resolve("schema.sql")))
                .contains("CREATE TABLE IF NOT EXISTS \"analytics\".\"customers_accounts\"");
        assertThat(Files.readString(dir.resolve("cutover.sql"))).contains("REFERENCES \"analytics\".\"accounts\" (\"account_id\")");
        String report = Files.readString(dir.resolve("report.md"));
        assertThat(report).contains("![ER diagram](er.svg)", "```mermaid\nerDiagram", "| customers | 500 |",
                "| customers | `active` | in 1 of 500 (0.2%); boolean 1 | customers._extra | rare |",
                "| customers | `accounts` |");
        assertThat(Files.readString(dir.resolve("mapping.yml"))).isEqualTo(analysis.yaml());
    }
}
