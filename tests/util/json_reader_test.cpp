// JsonReader paths in errors, and atomic writes.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/util/atomic_file.h"
#include "core/util/json_reader.h"
#include "core/util/rng.h"
#include "test_support.h"

using namespace angiosim;

TEST_CASE("errors carry the JSON pointer of the field, escaped per RFC 6901") {
  const JsonReader j = JsonReader::parse(R"({"a/b": [1, {"x~y": "s"}], "n": 3.5})", "f.json");
  CHECK(test::input_error_of([&] { j.at("a/b").elements()[1].at("x~y").number(0, 1); }) ==
        "f.json: /a~1b/1/x~0y: expected a number");
  CHECK(test::input_error_of([&] { j.at("n").integer(0, 10); }) == "f.json: /n: expected an integer");
  CHECK(test::input_error_of([&] { j.at("missing"); }) == "f.json: /missing: missing required field");
  CHECK(test::input_error_of([&] { j.expect_only({"n"}); }) == "f.json: /a~1b: unknown field");
}

TEST_CASE("atomic writes replace the file whole and leave no temporary behind") {
  const std::string dir = test::temp_dir("atomic");
  const std::string path = dir + "/report.json";
  write_file_atomically(path, "first");
  write_file_atomically(path, "second");
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  CHECK(s.str() == "second");
  CHECK_FALSE(std::filesystem::exists(path + ".tmp"));
  CHECK_THROWS(write_file_atomically(dir + "/no/such/dir/x", "y"));
}

TEST_CASE("the random generator is reproducible and uniform") {
  Rng a(123), b(123);
  double sum = 0;
  for (int k = 0; k < 100000; ++k) {
    const double x = a.uniform();
    CHECK(x == b.uniform());
    REQUIRE(x >= 0);
    REQUIRE(x < 1);
    sum += x;
  }
  CHECK(sum / 100000 == doctest::Approx(0.5).epsilon(0.01));
}
