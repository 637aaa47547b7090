package dev.cloakroom.codec.shop;

import java.util.ArrayList;
import java.util.List;

/**
 * Version 2 of {@link Basket}: a mutable class now, without {@code coupon}, with a new {@code note} that
 * has a default and a new {@code priority} that has none.
 */
public final class BasketV2 {
  private String owner;
  private List<String> items = new ArrayList<>();
  private String note = "none";
  private int priority;

  public String getOwner() {
    return owner;
  }

  public void setOwner(String owner) {
    this.owner = owner;
  }

  public List<String> getItems() {
    return items;
  }

  public void setItems(List<String> items) {
    this.items = items;
  }

  public String getNote() {
    return note;
  }

  public void setNote(String note) {
    this.note = note;
  }

  public int getPriority() {
    return priority;
  }

  public void setPriority(int priority) {
    this.priority = priority;
  }
}
