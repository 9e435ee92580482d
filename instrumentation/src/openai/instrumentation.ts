import { InstrumentationNodeModuleDefinition } from '@opentelemetry/instrumentation';
import { clientInstrumenter, GenAiInstrumentation, type GenAiInstrumentationConfig } from '../core/instrumentation-base.js';
import { PatchedPrototypes, protoOf, prototypeOfClass } from '../core/prototype-set.js';
import { chatCompletionsSpec } from './chat.js';
import { embeddingsSpec } from './embeddings.js';
import { responsesSpec } from './responses.js';
import { PACKAGE_NAME, PACKAGE_VERSION } from '../version.js';

type Obj = Record<string, unknown>;

interface OpenAIPrototypes {
  chatCompletions?: object;
  responses?: object;
  embeddings?: object;
}

/**
 * GenAI spans and metrics for the `openai` Node SDK (v4–v6): chat.completions.create (incl. streaming),
 * responses.create and embeddings.create. Works through `registerInstrumentations` for CommonJS, and
 * through `instrumentClient(client)` for anything else (ESM imports cannot be hooked at require time).
 */
export class OpenAIInstrumentation extends GenAiInstrumentation {
  private readonly prototypes = new PatchedPrototypes();

  constructor(config: GenAiInstrumentationConfig = {}) {
    super(`${PACKAGE_NAME}/openai`, PACKAGE_VERSION, config);
  }

  protected init() {
    return new InstrumentationNodeModuleDefinition(
      'openai',
      ['>=4 <7'],
      (exports: Obj) => {
        this.patchPrototypes(prototypesFromModule(exports));
        return exports;
      },
      () => this.prototypes.unpatchAll(),
    );
  }

  /** Instruments the module copy `client` was built from; every client of that copy is covered. */
  instrumentClient<T>(client: T): T {
    const c = client as Obj | undefined;
    this.patchPrototypes({
      chatCompletions: protoOf((c?.chat as Obj | undefined)?.completions),
      responses: protoOf(c?.responses),
      embeddings: protoOf(c?.embeddings),
    });
    return client;
  }

  /** Instruments the classes of an imported `openai` module namespace (`import * as openai from 'openai'`). */
  instrumentModule(moduleExports: unknown): void {
    this.patchPrototypes(prototypesFromModule(moduleExports as Obj));
  }

  override disable(): void {
    super.disable();
    this.prototypes.unpatchAll();
  }

  private patchPrototypes(p: OpenAIPrototypes): void {
    this.prototypes.patch(p.chatCompletions, this.tracedMethod(chatCompletionsSpec));
    this.prototypes.patch(p.responses, this.tracedMethod(responsesSpec));
    this.prototypes.patch(p.embeddings, this.tracedMethod(embeddingsSpec));
  }
}

function prototypesFromModule(exports: Obj | undefined): OpenAIPrototypes {
  const klass = (exports?.OpenAI ?? (exports?.default as Obj | undefined)?.OpenAI ?? exports?.default ?? exports) as Obj | undefined;
  const chat = klass?.Chat as Obj | undefined;
  return {
    chatCompletions: prototypeOfClass(chat?.Completions),
    responses: prototypeOfClass(klass?.Responses),
    embeddings: prototypeOfClass(klass?.Embeddings),
  };
}

const instrumenter = clientInstrumenter(() => new OpenAIInstrumentation({ enabled: false }));

/** The instance `register()` and `instrumentOpenAI()` share, so both report through one provider. */
export const defaultOpenAIInstrumentation = instrumenter.defaultInstance;

/** Instruments an OpenAI client (and every other client of the same SDK copy); `register()` enables the same default instance. */
export const instrumentOpenAI = instrumenter.instrument;
