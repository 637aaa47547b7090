package dev.cloakroom.codec.shop;

import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * An allowed class whose field asks Jackson for polymorphic typing by class name, the way gadget
 * chains get in: the codec ignores the annotation, so the bytes never choose the field's class.
 */
public record Envelope(String label, @JsonTypeInfo(use = JsonTypeInfo.Id.CLASS) Object payload) {}
