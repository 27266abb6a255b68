import { PartialType } from '@nestjs/swagger';
import { CreateParticipantDto } from './create-participant.dto.js';

/**
 * Any field of the creation body. `postcode`, `referredByPartnerId`, `contact` and `guardian`
 * may be null to clear them; `contact`, `guardian` and `consent` are replaced as a whole.
 */
export class UpdateParticipantDto extends PartialType(CreateParticipantDto) {}
