package dev.rotor;

import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.NotificationOptions;
import jakarta.enterprise.util.TypeLiteral;
import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * A CDI {@link Event} for unit tests: keeps what was fired, in order; observers are not called,
 * unless it was made {@link #dispatching} to one, which is then called at once in the firing thread
 * (and so in its transaction), as CDI calls a synchronous observer.
 */
public final class RecordingEvent<T> implements Event<T> {

    public final List<T> fired = new ArrayList<>();
    private final Consumer<T> observer;

    public RecordingEvent() {
        this(event -> { });
    }

    private RecordingEvent(Consumer<T> observer) {
        this.observer = observer;
    }

    /** An event whose one observer is {@code observer}. */
    public static <T> RecordingEvent<T> dispatching(Consumer<T> observer) {
        return new RecordingEvent<>(observer);
    }

    @Override
    public void fire(T event) {
        fired.add(event);
        observer.accept(event);
    }

    @Override
    public <U extends T> CompletionStage<U> fireAsync(U event) {
        fire(event);
        return CompletableFuture.completedFuture(event);
    }

    @Override
    public <U extends T> CompletionStage<U> fireAsync(U event, NotificationOptions options) {
        return fireAsync(event);
    }

    @Override
    public Event<T> select(Annotation... qualifiers) {
        return this;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <U extends T> Event<U> select(Class<U> subtype, Annotation... qualifiers) {
        return (Event<U>) this;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <U extends T> Event<U> select(TypeLiteral<U> subtype, Annotation... qualifiers) {
        return (Event<U>) this;
    }
}
