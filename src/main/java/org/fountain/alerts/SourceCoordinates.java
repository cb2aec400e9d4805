package org.fountain.alerts;

/** Where a message was read: Kafka topic, partition and offset. */
public record SourceCoordinates(String topic, int partition, long offset) {

    @Override
    public String toString() {
        return topic + "/" + partition + "@" + offset;
    }
}
