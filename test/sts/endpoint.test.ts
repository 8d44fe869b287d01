// The endpoints messages name: the override as given (without user:password), else the
// one the SDK would use (regional STS, global IAM).
import assert from "node:assert/strict";
import { test } from "node:test";
import { defaultEndpoint, shownEndpoint } from "../../src/sts/endpoint";

test("defaultEndpoint: regional STS, global IAM, China and GovCloud partitions", () => {
  assert.equal(defaultEndpoint("STS", "eu-west-1"), "https://sts.eu-west-1.amazonaws.com");
  assert.equal(defaultEndpoint("IAM", "eu-west-1"), "https://iam.amazonaws.com");
  assert.equal(defaultEndpoint("STS", "cn-north-1"), "https://sts.cn-north-1.amazonaws.com.cn");
  assert.equal(defaultEndpoint("IAM", "cn-north-1"), "https://iam.cn-north-1.amazonaws.com.cn");
  assert.equal(defaultEndpoint("IAM", "us-gov-west-1"), "https://iam.us-gov.amazonaws.com");
});

test("shownEndpoint drops user:password@ and keeps everything else as written", () => {
  assert.equal(shownEndpoint("http://127.0.0.1:1234"), "http://127.0.0.1:1234");
  assert.equal(shownEndpoint("https://user:secret@sts.example.com/path?x=@"), "https://sts.example.com/path?x=@");
  assert.equal(shownEndpoint("https://token@proxy.example.com"), "https://proxy.example.com");
  assert.equal(shownEndpoint("https://sts.example.com/a@b"), "https://sts.example.com/a@b");
});
