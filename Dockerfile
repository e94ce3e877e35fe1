# Sluice node image: the runnable jar and the embedded defaults.
# Build: docker build -t sluice .   (needs a Docker engine; none runs on the CI machine)
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -q -B -DskipTests package

FROM eclipse-temurin:17-jre
WORKDIR /opt/sluice
COPY --from=build /src/cli/target/sluice.jar /opt/sluice/sluice.jar
COPY conf /opt/sluice/conf
ENV SLUICE_CONF=/opt/sluice/conf
EXPOSE 7681 1883 5701
ENTRYPOINT ["java", "-XX:+UseSerialGC", "-Xmx256m", "-jar", "/opt/sluice/sluice.jar"]
CMD ["run"]
