# The mongo2pg image: the shaded CLI jar on a JRE 17. Build the jar first:
#   mvn -B -q install -DskipTests && docker build -t mongo2pg:0.1.0 .
FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --home-dir /data mongo2pg && mkdir -p /data /config && chown mongo2pg /data
COPY cli/target/mongo2pg.jar /opt/mongo2pg/mongo2pg.jar
USER 10001
WORKDIR /data
# /health, /ready, /metrics
EXPOSE 8080
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/mongo2pg/mongo2pg.jar"]
CMD ["--help"]
