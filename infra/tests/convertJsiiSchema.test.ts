import { describe, expect, it } from 'vitest';
import { closestName } from '../tools/closestName.js';
import {
  computedAttributes,
  convertResourceType,
  crossCheckNames,
  indexTerraformTypes,
  type JsiiAssembly,
} from '../tools/convertJsiiSchema.js';

const LINK = 'https://registry.terraform.io/providers/hashicorp/aws/6.66.0/docs/resources/sqs_queue';

/** A two-struct excerpt shaped like @cdktn/provider-aws's assembly. */
function assembly(): JsiiAssembly {
  const doc = (name: string) => ({
    summary: `Docs at Terraform Registry: {@link ${LINK}#${name} SqsQueue#${name}}.`,
  });
  return {
    name: '@cdktn/provider-aws',
    version: '25.7.0',
    types: {
      'p.sqsQueue.SqsQueue': {
        fqn: 'p.sqsQueue.SqsQueue',
        name: 'SqsQueue',
        kind: 'class',
        base: 'cdktn.TerraformResource',
        docs: { summary: `Represents a {@link ${LINK} aws_sqs_queue}.` },
        initializer: {
          parameters: [
            { type: { fqn: 'constructs.Construct' } },
            { type: { primitive: 'string' } },
            { type: { fqn: 'p.sqsQueue.SqsQueueConfig' } },
          ],
        },
        locationInModule: { filename: 'src/sqs-queue/index.ts' },
      },
      'p.sqsQueue.SqsQueueConfig': {
        fqn: 'p.sqsQueue.SqsQueueConfig',
        name: 'SqsQueueConfig',
        kind: 'interface',
        datatype: true,
        properties: [
          { name: 'name', type: { primitive: 'string' }, docs: doc('name') },
          {
            name: 'visibilityTimeoutSeconds',
            optional: true,
            type: { primitive: 'number' },
            docs: doc('visibility_timeout_seconds'),
          },
          {
            name: 'tags',
            optional: true,
            type: { collection: { kind: 'map', elementtype: { primitive: 'string' } } },
            docs: doc('tags'),
          },
          {
            name: 'timeouts',
            optional: true,
            type: { fqn: 'p.sqsQueue.SqsQueueTimeouts' },
            docs: {
              summary: 'timeouts block.',
              remarks: `Docs at Terraform Registry: {@link ${LINK}#timeouts SqsQueue#timeouts}`,
            },
          },
        ],
      },
      'p.sqsQueue.SqsQueueTimeouts': {
        fqn: 'p.sqsQueue.SqsQueueTimeouts',
        name: 'SqsQueueTimeouts',
        kind: 'interface',
        datatype: true,
        properties: [{ name: 'create', optional: true, type: { primitive: 'string' }, docs: doc('create') }],
      },
    },
  };
}

const COMPILED = `
function sqsQueueTimeoutsToTerraform(struct) {
    return {
        create: cdktn.stringToTerraform(struct.create),
    };
}
class SqsQueue extends cdktn.TerraformResource {
    get arn() {
        return this.getStringAttribute('arn');
    }
    _timeouts = new SqsQueueTimeoutsOutputReference(this, "timeouts");
    synthesizeAttributes() {
        return {
            name: cdktn.stringToTerraform(this._name),
            visibility_timeout_seconds: cdktn.numberToTerraform(this._visibilityTimeoutSeconds),
            tags: cdktn.hashMapper(cdktn.stringToTerraform)(this._tags),
            timeouts: sqsQueueTimeoutsToTerraform(this._timeouts.internalValue),
        };
    }
}
exports.SqsQueue = SqsQueue;
`;

describe('Function: convertResourceType', () => {
  it('maps jsii properties to Terraform names, required flags, types, blocks and attributes', () => {
    // Prepare
    const jsii = assembly();
    const location = indexTerraformTypes(jsii).get('aws_sqs_queue');

    // Act
    const schema = location === undefined ? undefined : convertResourceType(jsii, location, COMPILED);

    // Assess
    expect(schema).toStrictEqual({
      arguments: {
        name: { required: true, type: 'string' },
        tags: { required: false, type: 'map' },
        visibility_timeout_seconds: { required: false, type: 'number' },
      },
      blocks: {
        timeouts: {
          nesting: 'single',
          required: false,
          block: { arguments: { create: { required: false, type: 'string' } }, blocks: {} },
        },
      },
      attributes: ['arn', 'name', 'tags', 'timeouts', 'visibility_timeout_seconds'],
    });
  });
});

describe('Function: crossCheckNames', () => {
  it('agrees with the compiled code, and reports a name the code spells differently', () => {
    // Prepare
    const jsii = assembly();
    const drifted = COMPILED.replace('visibility_timeout_seconds:', 'visibility_timeout:');

    // Act
    const agreeing = crossCheckNames(jsii, COMPILED, 'p.sqsQueue.SqsQueueConfig');
    const disagreeing = crossCheckNames(jsii, drifted, 'p.sqsQueue.SqsQueueConfig');

    // Assess
    expect(agreeing).toStrictEqual([]);
    expect(disagreeing).toStrictEqual([
      'p.sqsQueue.SqsQueueConfig.visibilityTimeoutSeconds: docs say visibility_timeout_seconds, compiled code says visibility_timeout',
    ]);
  });
});

describe('Function: computedAttributes', () => {
  it('reads attribute getters and complex attributes of the resource class', () => {
    expect(computedAttributes(COMPILED, 'SqsQueue')).toStrictEqual(['arn', 'timeouts']);
  });
});

describe('Function: closestName', () => {
  it.each([
    ['visibility_timeout', 'visibility_timeout_seconds'],
    ['fucntion_name', 'function_name'],
    ['completely_different', undefined],
  ])('suggests %s → %s', (name, expected) => {
    expect(closestName(name, ['visibility_timeout_seconds', 'function_name', 'name'])).toBe(expected);
  });
});
