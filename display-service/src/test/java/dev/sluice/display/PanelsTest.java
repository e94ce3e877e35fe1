package dev.sluice.display;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PanelsTest {

  @Test
  void theBuiltInProfilesAreTheIssuesPanels() {
    Panels p = Panels.builtIn();
    assertThat(p.names()).containsExactlyInAnyOrder("ili9341", "gc9a01a", "ssd1306", "ssd1675b", "ssd1675b-bwr",
        "uc8176-gray4", "uc8176-bwr", "spd1656", "epd-7in5", "kindle");
    Panel ssd = p.require("ssd1675b");
    assertThat(ssd.pageWidth()).isEqualTo(250);
    assertThat(ssd.pageHeight()).isEqualTo(122);
    assertThat(p.require("ssd1306").format()).isEqualTo(PanelFormat.PAGES1);
    assertThat(p.require("ssd1306").msbFirst()).isFalse();
    assertThat(p.require("spd1656").palette()).isEqualTo(Palette.ACEP7);
    assertThat(p.require("ili9341").palette()).isNull();
    assertThat(p.require("kindle").palette().size()).isEqualTo(256);
  }

  @Test
  void anUnknownPanelListsTheValidOnes() {
    assertThatThrownBy(() -> Panels.builtIn().require("nope"))
        .isInstanceOf(DisplayException.class)
        .hasMessageContaining("panel.unknown")
        .hasMessageContaining("\"nope\"")
        .hasMessageContaining("epd-7in5, kindle");
  }

  private static void refused(String json, String... parts) {
    assertThatThrownBy(() -> Panels.parse(json, "t.json"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContainingAll(parts);
  }

  @Test
  void badProfilesAreRefusedNamingEntryAndKey() {
    refused("[", "t.json: not a JSON object");
    refused("{}", "t.json: /panels must be an array");
    refused("{\"panels\": []}", "/panels is empty");
    refused("{\"panels\": [1]}", "/panels/0: must be an object");
    refused("{\"panels\": [{\"width\": 1}]}", "/panels/0/name: a non-empty string");
    String ok = "\"name\": \"a\", \"width\": 8, \"height\": 8, \"format\": \"mono1\", \"palette\": \"bw\"";
    refused("{\"panels\": [{" + ok + ", \"colour\": 1}]}", "/panels/0 (a)", "unknown key \"colour\"");
    refused("{\"panels\": [{" + ok.replace("\"width\": 8", "\"width\": 0") + "}]}", "(a)/width: must be 1..4096, got 0");
    refused("{\"panels\": [{" + ok.replace("\"width\": 8", "\"width\": 2.5") + "}]}", "(a)/width: must be an integer");
    refused("{\"panels\": [{" + ok + ", \"rotation\": 45}]}", "(a)/rotation: must be 0, 90, 180 or 270, got 45");
    refused("{\"panels\": [{" + ok.replace("mono1", "mono2") + "}]}", "(a)/format: unknown \"mono2\"", "rgb565");
    refused("{\"panels\": [{" + ok.replace("\"bw\"", "\"acep7\"") + "}]}", "(a)/palette: 7 colours do not fit format mono1");
    refused("{\"panels\": [{" + ok.replace("\"bw\"", "\"pink\"") + "}]}", "(a)/palette: unknown \"pink\"");
    refused("{\"panels\": [{" + ok.replace("\"bw\"", "[\"#000\"]") + "}]}", "(a)/palette/0: must be \"#rrggbb\"");
    refused("{\"panels\": [{" + ok + ", \"bitOrder\": \"middle\"}]}", "(a)/bitOrder");
    refused("{\"panels\": [{" + ok + "}, {" + ok + "}]}", "/panels/1 (a): the name is used twice");
  }

  @Test
  void anExplicitPaletteIsGreyWhenEveryColourIs() {
    Panels p = Panels.parse("{\"panels\": [{\"name\": \"g\", \"width\": 4, \"height\": 4, \"format\": \"grey4-planes\","
        + " \"palette\": [\"#000000\", \"#404040\", \"#c0c0c0\", \"#ffffff\"]}]}", "t");
    assertThat(p.require("g").palette().grey()).isTrue();
    assertThat(p.require("g").palette().rgb(1)).isEqualTo(0x404040);
  }
}
