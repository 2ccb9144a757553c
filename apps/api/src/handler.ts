export const handler = async (): Promise<string> => 'placeholder api';
