import { describe, expect, it } from 'vitest';
import { baseClientConfig } from '../src/endpoint.js';
import { createS3Client } from '../src/s3.js';

describe('Function: baseClientConfig', () => {
  it('uses AWS_ENDPOINT_URL and AWS_MAX_ATTEMPTS from the environment', () => {
    // Act
    const config = baseClientConfig({
      AWS_ENDPOINT_URL: 'http://127.0.0.1:4566',
      AWS_MAX_ATTEMPTS: '5',
      AWS_REGION: 'eu-west-1',
    });

    // Assess
    expect(config.endpoint).toBe('http://127.0.0.1:4566');
    expect(config.maxAttempts).toBe(5);
    expect(config.region).toBe('eu-west-1');
  });

  it('leaves the endpoint to the SDK on AWS', () => {
    expect(baseClientConfig({}).endpoint).toBeUndefined();
  });
});

describe('Function: createS3Client', () => {
  it('switches to path-style addressing only for an emulator endpoint', async () => {
    const local = createS3Client({}, { AWS_ENDPOINT_URL: 'http://127.0.0.1:4566', AWS_REGION: 'us-east-1' });
    const aws = createS3Client({}, { AWS_REGION: 'us-east-1' });
    expect(local.config.forcePathStyle).toBe(true);
    expect(aws.config.forcePathStyle).toBe(false);
  });
});
