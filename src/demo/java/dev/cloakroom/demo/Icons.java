package dev.cloakroom.demo;

/** Inline SVG, so that the pages need nothing from outside. */
final class Icons {

  /** A coat hanger, drawn in the current text colour. */
  static final String HANGER = "<svg viewBox=\"0 0 64 40\" width=\"32\" height=\"20\" fill=\"none\" stroke=\"currentColor\""
      + " stroke-width=\"3.5\" stroke-linecap=\"round\" stroke-linejoin=\"round\"><path d=\"M26 11a6 6 0 1 1 6 6v3"
      + "L5 34c-2 1-1 4 1 4h52c2 0 3-3 1-4L32 20\"/></svg>";

  private Icons() {}
}
